"""`python -m crawler crawl URL... --data DIR [--redis URL] [-s KEY=VALUE]`: one crawl (or
one worker of a shared crawl) in this process, with Scrapy setting overrides. Tests and
benchmarks use it to tune timeouts, heartbeats and politeness; users use `kinhnghiem crawl`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from crawler.run import CrawlInputs, crawl_into


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    inputs = CrawlInputs(
        tuple(args.urls), args.site, tuple(args.wayback), args.year_from, args.year_to
    )
    options = {
        "max_pages": args.max_pages,
        "polite": True if args.polite else None,
        "overrides": dict(_setting(item) for item in args.set),
    }
    if args.redis:
        from crawler.distributed import crawl_worker

        summary = crawl_worker(inputs, args.data / "raw.db", redis_url=args.redis, **options)
    else:
        summary = crawl_into(inputs, args.data / "raw.db", **options)
    print(summary)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m crawler")
    sub = parser.add_subparsers(dest="command", required=True)
    crawl = sub.add_parser("crawl")
    crawl.add_argument("urls", nargs="*")
    crawl.add_argument("--data", type=Path, default=Path("data"))
    crawl.add_argument("--site")
    crawl.add_argument("--max-pages", type=int)
    crawl.add_argument("--wayback", action="append", default=[])
    crawl.add_argument("--from", dest="year_from")
    crawl.add_argument("--to", dest="year_to")
    crawl.add_argument("--redis", help="Run as one worker of the shared crawl in this Redis.")
    crawl.add_argument("--polite", action="store_true", help="Keep delays even on loopback.")
    crawl.add_argument("-s", "--set", action="append", default=[], metavar="KEY=VALUE")
    return parser


def _setting(item: str) -> tuple[str, object]:
    """KEY=VALUE with VALUE read as JSON when it is JSON (numbers, booleans), else text."""
    key, _, value = item.partition("=")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


if __name__ == "__main__":
    main()
