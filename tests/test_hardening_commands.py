"""Issue 12: no traceback from any command on the bad inputs tried while hardening; each
ends in one `Error:` line and a non-zero exit. Nothing here reaches the network: the URLs
fail before any request."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

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
