"""Whole-process extraction speed: a fresh Python process imports the extractor and reads
every real page, timed from process start to exit, for nlp.extract (NER and gazetteer on, as
`build` runs it) and trafilatura on the same pages in the same run.

    .venv/bin/python benchmarks/extract_process.py [--rounds 3]

Pages: every real page the extraction benchmark scores (../shared/corpus and the seed).
The per-page figures of benchmarks/extract_eval.py leave imports and model loading out of the
clock; this one counts them, as a user running `kinhnghiem extract` or `build` pays them."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

TOOLS = {
    "nlp.extract": (
        "import sys, nlp\n"
        "for path in sys.argv[1:]:\n"
        "    nlp.extract(open(path, 'rb').read(), 'https://example.gov.vn/' + path)\n"
    ),
    "trafilatura": (
        "import sys, trafilatura\n"
        "for path in sys.argv[1:]:\n"
        "    trafilatura.bare_extraction(open(path, 'rb').read(),"
        " url='https://example.gov.vn/' + path, with_metadata=True)\n"
    ),
}


def real_pages() -> list[Path]:
    corpus = SHARED / "corpus"
    pages = [
        p
        for p in sorted(corpus.rglob("*.html"))
        if "sotttt-hanoi" not in p.parts or ("view_content" in p.parts and p.stat().st_size > 1000)
    ]
    return pages + sorted((SHARED / "seeds").glob("*.txt"))


def run_once(program: str, pages: list[Path]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", program, *map(str, pages)], check=True, cwd=ROOT, capture_output=True
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs per tool (median kept)")
    args = parser.parse_args(argv)
    pages = real_pages()
    if not pages:
        print(f"no real pages under {SHARED}: ../shared is absent", file=sys.stderr)
        return 1
    print(f"# whole-process extraction, {len(pages)} real pages, median of {args.rounds} runs")
    seconds = {name: [] for name in TOOLS}
    for _ in range(args.rounds):  # interleaved, so both tools meet the same machine load
        for name, program in TOOLS.items():
            seconds[name].append(run_once(program, pages))
    for name, runs in seconds.items():
        median = statistics.median(runs)
        print(f"{name:<12} {median:6.2f} s   {len(pages) / median:6.1f} pages/s")
    ratio = statistics.median(seconds["trafilatura"]) / statistics.median(seconds["nlp.extract"])
    print(f"nlp.extract / trafilatura pages/s: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
