"""Every designed subcommand exists, documents an example, and never fails silently."""

import pytest
from click.testing import CliRunner

from pipeline.cli import main

COMMANDS = ["crawl", "import-warc", "ingest", "extract", "build", "serve", "run", "demo", "stats"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"kinhnghiem {command}" in result.output


def test_data_commands_take_data_option():
    for command in ["crawl", "import-warc", "ingest", "build", "serve", "run", "demo", "stats"]:
        assert "--data" in CliRunner().invoke(main, [command, "--help"]).output


def test_build_without_raw_db_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["build", "--data", str(tmp_path / "khong-co")])
    assert result.exit_code != 0
    assert "raw.db" in result.output
    assert "Traceback" not in result.output
