"""Issue 12: no traceback from any command on the bad inputs tried while hardening; each
ends in one `Error:` line and a non-zero exit. Nothing here reaches the network: the URLs
fail before any request."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.errors import CrawlError
from crawler.run import CrawlInputs
from pipeline.cli import main


@pytest.fixture
def places(tmp_path: Path) -> dict[str, str]:
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "raw.db").write_bytes(b"not a database at all")
    folder_raw = tmp_path / "folder-raw"
    (folder_raw / "raw.db").mkdir(parents=True)
    os.mkfifo(tmp_path / "pipe.warc")
    return {"garbage": str(garbage), "folder_raw": str(folder_raw),
            "pipe": str(tmp_path / "pipe.warc"), "empty": str(tmp_path / "empty")}  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--workers", "-3", "--data", "{empty}"],
        ["build", "--data", "{garbage}"],
        ["build", "--data", "{folder_raw}"],
        ["stats", "--data", "{garbage}"],
        ["crawl", "http://[::1", "--data", "{empty}"],
        ["crawl", "http://portal.example:99999/tin-tuc", "--data", "{empty}"],
        ["crawl", "--wayback", "http://[::1", "--data", "{empty}"],
        ["crawl", "--wayback", "http://exa mple", "--data", "{empty}"],
        ["crawl", "http://exa mple/tin-tuc/", "--data", "{empty}"],
        ["crawl", "--wayback", "gov.vn", "--from", "2024", "--to", "2019", "--data", "{empty}"],
        ["import-warc", "{pipe}", "--data", "{empty}"],
        ["extract", "/dev/zero"],
        ["extract", "{pipe}"],
        ["extract", "http://[::1"],
        ["extract", "http://portal.example:99999/"],
        ["serve", "--data", "{garbage}"],
    ],
)
def test_bad_input_ends_in_one_error_line(places, args):
    result = CliRunner().invoke(main, [arg.format(**places) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error:"), result.output


@pytest.mark.parametrize(
    "inputs, message",
    [
        ({"wayback": ("http://exa mple",)}, "--wayback: not a valid host or URL"),
        ({"urls": ("http://exa mple/tin-tuc/",)}, "not a valid URL"),
        (
            {"wayback": ("chupuh.gialai.gov.vn",), "year_from": "2024", "year_to": "2019"},
            "--from 2024 is after --to 2019",
        ),
    ],
)
def test_crawl_inputs_that_could_only_fail_at_the_network_are_refused_first(inputs, message):
    # before any request: a host with a space or an empty year range used to reach the
    # archive (or DNS) and end in Scrapy's tracebacks and a junk failure row in raw.db
    with pytest.raises(CrawlError, match=message):
        CrawlInputs(**inputs)
