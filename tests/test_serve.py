"""`kinhnghiem serve`: a real server answering on the URL it prints, read-only, and gone
(port free) once it is stopped."""

import json
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest
from build_fixtures import make_raw_db
from click.testing import CliRunner
from servers import free_port, wait_for

from pipeline.build import build_database
from pipeline.cli import main


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("serve")
    make_raw_db(data)
    build_database(data, workers=1, progress=False)
    return data


def start_serve(data_dir, port):
    command = [sys.executable, "-m", "pipeline.cli", "serve", "--data", str(data_dir)]
    command += ["--port", str(port)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_serve_answers_on_printed_url_and_frees_port_on_sigterm(data_dir):
    port = free_port()
    server = start_serve(data_dir, port)
    try:
        printed = server.stdout.readline().split()
        url = next(word for word in printed if word.startswith("http://"))
        # the search page, as `demo` prints it (it printed the database page)
        assert url == f"http://127.0.0.1:{port}/"
        assert f"http://127.0.0.1:{port}/kinhnghiem;" in printed
        wait_for(url, server)
        with urllib.request.urlopen(url + "-/search.json?q=ia+le") as response:
            titles = [row["title"] for row in json.load(response)["articles"]]
        assert any("Ia Le" in title for title in titles)
        with urllib.request.urlopen(url) as response:
            assert 'name="q"' in response.read().decode()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    assert port_is_free(port)


def test_serve_on_a_busy_port_is_one_clear_error(data_dir):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = start_serve(data_dir, port)
        _, stderr = server.communicate(timeout=60)
    assert server.returncode == 1
    assert stderr.strip().splitlines() == [
        f"Error: cannot serve on 127.0.0.1:{port}: Address already in use"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--port", "99999"],
        ["serve", "--port", "0"],  # served on a port of the system's choosing, printed as :0
        ["demo", "--no-serve", "--portal-port", "99999"],
        ["demo", "--port", "-1"],
    ],
)
def test_port_out_of_range_is_one_clear_error(data_dir, args):
    # 99999 ended in socket.bind's OverflowError and its traceback
    result = CliRunner().invoke(main, [*args, "--data", str(data_dir)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert "is not in the range 1<=x<=65535" in result.output.strip().splitlines()[-1]
