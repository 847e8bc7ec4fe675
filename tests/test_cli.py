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


def test_demo_on_a_busy_portal_port_is_one_clear_error(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = ["demo", "--no-serve", "--portal-port", str(port), "--data", str(tmp_path)]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"127.0.0.1:{port}" in result.output and "--portal-port" in result.output
    assert not (tmp_path / "raw.db").exists()  # stopped before crawling anything
