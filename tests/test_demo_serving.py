"""`kinhnghiem demo` serving: while Datasette runs the sample portal stays up, so an
article's "original" link works; SIGTERM stops both and frees both ports."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import urllib.request

from servers import free_port, wait_for


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def test_original_links_work_while_the_demo_serves(tmp_path):
    port, portal_port = free_port(), free_port()
    command = [sys.executable, "-m", "pipeline.cli", "demo", "--data", str(tmp_path)]
    command += ["--port", str(port), "--portal-port", str(portal_port)]
    demo = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/-/versions.json", demo, seconds=240)
        with urllib.request.urlopen(f"{base}/kinhnghiem/articles.json?_shape=array&_size=1") as r:
            (article,) = json.load(r)
        with urllib.request.urlopen(f"{base}/kinhnghiem/articles/{article['id']}") as r:
            page = r.read().decode()
        (original,) = re.findall(r'<a class="kn-original" href="([^"]+)"', page)
        assert original.startswith(f"http://127.0.0.1:{portal_port}/")
        with urllib.request.urlopen(original) as r:
            assert r.status == 200 and article["title"].split()[0] in r.read().decode()
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(30)
    assert demo.returncode is not None and port_free(port) and port_free(portal_port)
