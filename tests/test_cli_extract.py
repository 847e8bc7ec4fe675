"""`kinhnghiem extract`: one JSON line per input, bad inputs named and skipped."""

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main

PAGE = """<html><head><title>Tin tức | Cổng TTĐT huyện</title></head><body>
<h1>Kinh nghiệm sinh hoạt chi bộ ở thôn Plei Ơi</h1>
<p>Ngày đăng bài: 05/03/2022</p>
<p>Chi bộ thôn Plei Ơi duy trì nền nếp sinh hoạt định kỳ hằng tháng.</p>
</body></html>"""


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "trang.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, ["extract", *map(str, args)])


def test_extract_prints_one_json_record(page):
    result = run(page, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["url"] == str(page)
    assert record["title"] == "Kinh nghiệm sinh hoạt chi bộ ở thôn Plei Ơi"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.html", None, "no such file"),
        ("empty.html", b"", "empty file"),
        ("blank.html", b"  \n\t ", "empty file"),
        ("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(error_lines) == 1
    assert str(path) in error_lines[0] and message in error_lines[0]


def test_many_inputs_keep_order_and_report_bad_ones(page, tmp_path):
    empty = tmp_path / "rong.html"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["extract", str(page), str(empty), str(page), "--json"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["url"] for r in records] == [str(page), str(empty), str(page)]
    assert "error" in records[1] and "error" not in records[0] and "error" not in records[2]
    assert f"{empty}: empty file" in result.stderr


def test_extract_reads_urls_and_reports_unreachable_ones(page):
    from pipeline.portal_server import serve_directory

    with serve_directory(page.parent) as base_url:
        good, missing = f"{base_url}/{page.name}", f"{base_url}/khong-co.html"
        result = run(good, missing, "--json")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["url"] for r in records] == [good, missing]
    assert records[0]["title"] == "Kinh nghiệm sinh hoạt chi bộ ở thôn Plei Ơi"
    assert records[0]["published"] == "2022-03-05"
    assert "404" in records[1]["error"]
    assert result.exit_code == 1
