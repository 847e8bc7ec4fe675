"""`python -m crawler.redis_worker URL... --redis URL --data DIR [-s KEY=VALUE]`: one worker
of a shared crawl with Scrapy setting overrides (tests and benchmarks tune heartbeats and
politeness with it; users run `kinhnghiem crawl --redis`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from crawler.__main__ import _setting
from crawler.distributed import crawl_worker


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler.redis_worker")
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--redis", required=True)
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--site")
    parser.add_argument("--max-pages", type=int)
    parser.add_argument("-s", "--set", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    summary = crawl_worker(
        args.urls,
        args.data / "raw.db",
        redis_url=args.redis,
        site=args.site,
        max_pages=args.max_pages,
        overrides=dict(_setting(item) for item in args.set),
    )
    print(summary)


if __name__ == "__main__":
    main()
