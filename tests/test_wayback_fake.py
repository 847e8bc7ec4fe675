"""The strict fake archive is as strict as the real one: a crawler tested against it is
tested against rate limits, blocks, truncated listings and exact playback."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from wayback_fake import HOST, ArchiveState, Capture, fake_wayback, make_portal_archive


def get(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_unpaged_listing_is_cut_short_and_resume_keys_give_all_of_it():
    state = ArchiveState(unpaged_rows=100)
    make_portal_archive(state, articles=40)
    with fake_wayback(state) as base:
        query = f"{base}/cdx/search/cdx?url={HOST}/&matchType=prefix&output=json"
        _, unpaged, _ = get(query)
        rows, key, pages = [], "", 0
        while True:
            _, body, _ = get(
                query + "&limit=30&showResumeKey=true" + (f"&resumeKey={key}" if key else "")
            )
            table = json.loads(body)
            pages += 1
            if table[-2:-1] == [[]]:
                rows += table[1:-2]
                key = table[-1][0]
            else:
                rows += table[1:]
                break
        _, count, _ = get(query + "&showNumPages=true")
        by_page = []
        for page in range(int(count)):
            by_page += json.loads(get(f"{query}&page={page}")[1])[1:]
    assert len(json.loads(unpaged)) - 1 == 100 < len(state.captures) - 1  # no logo: png
    assert len(rows) == len(by_page) == len(state.captures)
    assert pages == -(-len(rows) // 30)


def test_429_with_retry_after_then_dropped_connections_for_who_ignores_it():
    state = ArchiveState(minute=60, limits={"cdx": 2, "playback": 5}, block_after=2)
    with fake_wayback(state) as base:
        url = f"{base}/cdx/search/cdx?url={HOST}/&output=json"
        assert [get(url)[0] for _ in range(2)] == [200, 200]
        status, _, headers = get(url)
        assert status == 429 and 0 < int(headers["Retry-After"]) <= 60
        assert get(url)[0] == 429  # one ignored pause
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            get(url)  # the second: blocked, no answer at all
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            get(f"{base}/web/20200101000000id_/http://{HOST}/")  # every endpoint


def test_playback_returns_exact_bytes_and_redirect_captures_redirect():
    body = "<html><body>Đảng bộ xã Ia Le \x00\xff</body></html>".encode("utf-8", "surrogatepass")
    state = ArchiveState()
    state.add(
        Capture(f"http://{HOST}/a.html", "20200101000000", body=body),
        Capture(f"http://{HOST}/b.html", "20240101000000", 301, location="https://gialai.gov.vn/"),
    )
    with fake_wayback(state) as base:
        assert get(f"{base}/web/20200101000000id_/http://{HOST}/a.html")[:2] == (200, body)
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"{base}/web/20240101000000id_/http://{HOST}/b.html", timeout=5)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"] == "/web/20240101000000id_/https://gialai.gov.vn/"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
