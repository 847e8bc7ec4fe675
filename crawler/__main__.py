"""`python -m crawler crawl URL... --data DIR [-s KEY=VALUE]`: one crawl in this process,
with Scrapy setting overrides (tests and benchmarks use it; users use `kinhnghiem crawl`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from crawler.run import crawl_into


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler")
    sub = parser.add_subparsers(dest="command", required=True)
    crawl = sub.add_parser("crawl")
    crawl.add_argument("urls", nargs="*")
    crawl.add_argument("--data", type=Path, default=Path("data"))
    crawl.add_argument("--site")
    crawl.add_argument("--max-pages", type=int)
    crawl.add_argument("--wayback")
    crawl.add_argument("--from", dest="year_from")
    crawl.add_argument("--to", dest="year_to")
    crawl.add_argument("--polite", action="store_true", help="Keep delays even on loopback.")
    crawl.add_argument("-s", "--set", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    overrides = dict(_setting(item) for item in args.set)
    summary = crawl_into(
        args.urls,
        args.data / "raw.db",
        site=args.site,
        max_pages=args.max_pages,
        wayback=args.wayback,
        year_from=args.year_from,
        year_to=args.year_to,
        polite=True if args.polite else None,
        overrides=overrides,
    )
    print(summary)


def _setting(item: str) -> tuple[str, object]:
    key, _, value = item.partition("=")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


if __name__ == "__main__":
    main()
