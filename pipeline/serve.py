"""`kinhnghiem serve`: Datasette over DATA/kinhnghiem.db, read-only, with the project's
configuration in `datasette/` (metadata, templates, plugins) at the repository root.

One description of the server (`ServeConfig`) gives both the command line of a real
`datasette` process and an in-process `Datasette` for tests and benchmarks.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import KinhnghiemError

if TYPE_CHECKING:
    from datasette.app import Datasette

CONFIG_ENV = "KINHNGHIEM_DATASETTE_DIR"  # overrides where datasette/ is looked for
SETTINGS: dict[str, int | bool] = {
    "sql_time_limit_ms": 3000,  # an analyst's runaway SQL is cut off
    "facet_time_limit_ms": 200,  # a slow facet is dropped, the page still comes back
    "suggest_facets": False,  # suggestions make every search about 4x slower
    "truncate_cells_html": 400,
    "allow_download": True,
    "default_cache_ttl": 300,
}


def config_dir() -> Path:
    """datasette/ at the repository root (`pip install -e .`), or $KINHNGHIEM_DATASETTE_DIR."""
    candidates = [Path(os.environ[CONFIG_ENV])] if os.environ.get(CONFIG_ENV) else []
    candidates += [Path(__file__).resolve().parent.parent / "datasette", Path.cwd() / "datasette"]
    for candidate in candidates:
        if (candidate / "metadata.yml").is_file():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise KinhnghiemError(f"Datasette configuration (metadata.yml) not found in: {searched}")


@dataclass
class ServeConfig:
    database: Path
    config: Path = field(default_factory=config_dir)

    @property
    def metadata(self) -> Path:
        return self.config / "metadata.yml"

    @property
    def templates(self) -> Path:
        return self.config / "templates"

    @property
    def plugins(self) -> Path:
        return self.config / "plugins"


def serve_config(data_dir: Path) -> ServeConfig:
    database = Path(data_dir) / "kinhnghiem.db"
    if not database.is_file():
        raise KinhnghiemError(f"{database}: no database; run `kinhnghiem build --data {data_dir}`")
    return ServeConfig(database)


def datasette_args(data_dir: Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The command line of a read-only `datasette serve` for DATA/kinhnghiem.db."""
    config = serve_config(data_dir)
    args = [sys.executable, "-m", "datasette", "serve", "--immutable", str(config.database)]
    args += ["--metadata", str(config.metadata), "--template-dir", str(config.templates)]
    args += ["--plugins-dir", str(config.plugins), "--host", host, "--port", str(port)]
    for name, value in SETTINGS.items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        args += ["--setting", name, text]
    return args


def load_metadata(config: ServeConfig) -> dict:
    import yaml

    return yaml.safe_load(config.metadata.read_text(encoding="utf-8"))


def datasette_app(data_dir: Path, metadata: dict | None = None) -> Datasette:
    """The same server in-process (Datasette's test client: `app.client.get(...)`);
    `metadata` replaces datasette/metadata.yml (benchmarks compare configurations)."""
    from datasette.app import Datasette

    config = serve_config(data_dir)
    return Datasette(
        immutables=[str(config.database)],
        metadata=metadata if metadata is not None else load_metadata(config),
        template_dir=str(config.templates),
        plugins_dir=str(config.plugins),
        settings=dict(SETTINGS),
    )


def serve_database(data_dir: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Becomes the Datasette server (exec), so Ctrl-C and SIGTERM reach it directly and
    stopping `kinhnghiem serve` never leaves a server holding the port."""
    args = datasette_args(data_dir, host, port)
    check_port_free(host, port)
    # the search page first, as `demo` prints it: what most readers came for
    url = f"http://{host}:{port}"
    print(f"Datasette: {url}/  (search; tables: {url}/kinhnghiem; Ctrl-C to stop)", flush=True)
    sys.stderr.flush()
    os.execv(args[0], args)


def check_port_free(host: str, port: int) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind((host, port))
        except OSError as error:
            raise KinhnghiemError(f"cannot serve on {host}:{port}: {error.strerror}") from error
