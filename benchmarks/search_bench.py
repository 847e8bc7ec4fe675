"""Search benchmark: N generated lessons, folded FTS through Datasette's JSON API.

Prints the build time and size of a kinhnghiem.db of generated lessons, then the median and
95th-percentile latency of `?_search=` (Datasette test client, default facets on and off) for a
common and a rare term, beside the baseline: a LIKE scan (`?text__contains=`) on the same data
in the same run. Goal on 2 cores: p95 < 50 ms rare, < 200 ms common.

Then `/-/search.json` (the one search: ranked, last word as prefix, typos) for rare and
common terms beside a plain FTS5 `?_search=` in the same run; goal p95 < 100 ms at 100k
lessons.

Also, with --pages, the pages/s of a real `build_database` (nlp.extract on all cores) over
generated portal pages.

With --curve (sizes in lessons, 5 an article) and/or --curve-articles (sizes in articles,
--per-article lessons each), only the p95 of the `CURVE` requests per database size, one
row per size with its articles, lessons and file size; --keep DIR builds each database once
into DIR/<articles>x<per-article>/ and reuses it in later runs.

    .venv/bin/python benchmarks/search_bench.py [--lessons 100000] [--pages 400]
    .venv/bin/python benchmarks/search_bench.py --curve 10000 100000 1000000 \
        --curve-articles 1000000 --per-article 2 --keep /work/bench/curve --runs 20
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from nlp.topics import lesson_topic  # noqa: E402
from pipeline.build import build_database  # noqa: E402
from pipeline.serve import config_dir, datasette_app, load_metadata, serve_config  # noqa: E402
from pipeline.store import Extraction, PageMeta, TableWriter, create_schema, fold  # noqa: E402

PHRASES = [
    "nâng cao chất lượng sinh hoạt chi bộ", "tăng cường công tác kiểm tra, giám sát",
    "phát huy vai trò nêu gương của cán bộ", "đổi mới phương thức lãnh đạo của cấp ủy",
    "làm tốt công tác dân vận ở khu dân cư", "chú trọng bồi dưỡng quần chúng ưu tú",
    "đẩy mạnh học tập và làm theo tư tưởng, đạo đức Hồ Chí Minh",
    "thực hiện tốt quy chế dân chủ ở cơ sở", "đẩy mạnh chuyển đổi số trong công tác Đảng",
    "xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh", "gắn với phát triển kinh tế - xã hội",
]  # fmt: skip
COMMON = "đảng viên"  # in about 90% of lessons
RARE = "Krông Búk"  # in about 0.1%
PER_ARTICLE = 5  # lessons an article, unless a curve is given in articles
PLACES = ["Ia Le", "Ia Dơk", "Tây Sơn", "Chư Pưh", "Đak Đoa", "Phú Thiện", "Ia Grai"]


def lesson_text(rng: random.Random) -> str:
    words = [rng.choice(PHRASES) for _ in range(rng.randint(4, 9))]
    if rng.random() < 0.9:
        words.insert(rng.randrange(len(words)), f"công tác phát triển {COMMON} mới")
    if rng.random() < 0.001:
        words.append(f"kinh nghiệm của xã {RARE}")
    return ". ".join(w[0].upper() + w[1:] for w in words) + "."


def generated_records(articles: int, per_article: int = PER_ARTICLE, seed: int = 7):
    rng = random.Random(seed)
    for number in range(articles):
        texts = [lesson_text(rng) for _ in range(per_article)]
        record = {
            "title": f"Bài học kinh nghiệm số {number} trong công tác xây dựng Đảng",
            "published": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-15",
            "authors": [rng.choice(["Minh Châu", "Hoàng Lan", "Trần Nam"])],
            "body": "\n\n".join(texts),
            "places": [{"name": rng.choice(PLACES), "level": "xã", "province": "Gia Lai"}],
            "lessons": [
                {
                    "ordinal": i,
                    "marker": f"{i}.",
                    "heading": t.split(".")[0],
                    "text": t,
                    "topic": lesson_topic(t, t.split(".")[0]),
                }
                for i, t in enumerate(texts, start=1)
            ],
        }
        url = f"https://xa{number % 40}.gialai.gov.vn/tin-tuc/{number}.html"
        yield Extraction(PageMeta(url, f"xa{number % 40}", "0" * 64), "bench", record)


def build_generated(path: Path, lessons: int, per_article: int = PER_ARTICLE) -> float:
    """Seconds to build `path` with `lessons` generated lessons, `per_article` to an article."""
    started = time.perf_counter()
    db = sqlite_utils.Database(path, recreate=True)
    # As pipeline/build.py's temp file: no journal, no fsync at each batch's commit.
    db.execute("pragma synchronous = off")
    db.execute("pragma journal_mode = off")
    create_schema(db)
    writer = TableWriter(db)
    for number, extraction in enumerate(generated_records(lessons // per_article, per_article)):
        writer.add(extraction)
        if number and number % 100_000 == 0:
            print(f"  {path}: {number} articles, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)  # fmt: skip
    writer.finish()
    db.execute("vacuum")
    db.close()
    return time.perf_counter() - started


class RequestFailed(Exception):
    """A timed request did not answer 200 (e.g. Datasette's SQL time limit on a big file)."""

    def __init__(self, path: str, status: int, text: str):
        super().__init__(f"{path}: HTTP {status}: {text[:300]}")
        self.status = status


async def latencies(app, path: str, runs: int) -> list[float]:
    await app.client.get(path)  # warm: caches, statement preparation
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = await app.client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RequestFailed(path, response.status_code, response.text)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18]


def report(label: str, times: list[float]) -> None:
    print(f"  {label:52s} median {statistics.median(times):7.1f} ms   p95 {p95(times):7.1f} ms")


def with_datasette_column_facets(data_dir: Path) -> dict:
    """The project's metadata with the lessons' default facets as Datasette's own column
    facets (one query per facet): the configuration before the shared facets."""
    metadata = load_metadata(serve_config(data_dir))
    lessons = metadata["databases"]["kinhnghiem"]["tables"]["lessons"]
    lessons["facets"] = [next(iter(f.values())) if isinstance(f, dict) else f
                         for f in lessons["facets"]]  # fmt: skip
    return metadata


async def measure(data_dir: Path, runs: int) -> None:
    app = datasette_app(data_dir)
    before = datasette_app(data_dir, with_datasette_column_facets(data_dir))
    print(f"configuration: {config_dir()}")
    for name, term in (("rare", RARE), ("common", COMMON)):
        folded = fold(term)
        count = await app.client.get(f"/kinhnghiem/lessons.json?_search={quote(folded)}&_size=1")
        print(f"{name} term {term!r} ({count.json()['filtered_table_rows_count']} lessons):")
        base = "/kinhnghiem/lessons.json?_size=20"
        cases = [
            (f"?_search= without diacritics ({folded!r})", f"{base}&_search={quote(folded)}"),
            (f"?_search= with diacritics ({term!r})", f"{base}&_search={quote(term)}"),
            ("?_search= with default facets off", f"{base}&_search={quote(term)}&_nofacet=1"),
            ("baseline: LIKE scan ?text__contains= (facets off)",
             f"{base}&text__contains={quote(term)}&_nofacet=1"),
        ]  # fmt: skip
        for label, path in cases:
            report(label, await latencies(app, path, runs))
        report("before: same, Datasette's own column facets",
               await latencies(before, f"{base}&_search={quote(folded)}", runs))  # fmt: skip


async def measure_one_search(data_dir: Path, runs: int) -> None:
    """`/-/search.json` (pipeline/search.py: ranked, prefix, typo; articles + lessons +
    facets + names), beside a plain FTS5 table search in the same run."""
    app = datasette_app(data_dir)
    print("/-/search.json (articles and lessons, ranked, with names; facets: +facets=1):")
    cases = [
        ("ranked, rare term", fold(RARE)),
        ("ranked, common term", fold(COMMON)),
        ("ranked, common phrase", "phat trien dang vien moi"),
        ("prefix: last word half typed, rare", fold(RARE)[:-1]),
        ("prefix: last word half typed, common", fold(COMMON)[:-2]),
        ("typo: one letter wrong, rare", "krong bul"),
        ("typo: one letter wrong, common", "dang vein"),
        ("typo: a word missing from the corpus, 8 words", "nang cao chat luong sinh hot chi bo"),
        ("all but one word (none holds all 6 at 100k)", f"{fold(RARE)} hoang lan chu puh"),
        ("common words and a rare place", f"phat trien dang vien {fold(RARE)}"),
        ("two words run together", "dangvien"),
        ("ranked, common term, with facets", fold(COMMON) + "&facets=1"),
        ("ranked, common term, one filter", fold(COMMON) + "&year=2020"),
    ]
    for label, text in cases:
        path = f"/-/search.json?q={quote(text, safe='&=')}"
        report(f"{label} ({text!r})", await latencies(app, path, runs))
    for name, term in (("rare", RARE), ("common", COMMON)):
        path = f"/kinhnghiem/lessons.json?_size=10&_nofacet=1&_search={quote(fold(term))}"
        report(f"table ?_search=, {name}, facets off (ranked)", await latencies(app, path, runs))
        path += "&_sort=id"  # Datasette's own order: no ranking
        report(
            f"baseline: plain FTS5 ?_search=, {name}, facets off", await latencies(app, path, runs)
        )


def page_build_rate(pages: int) -> None:
    from build_fixtures import ARTICLES, make_raw_db

    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        variants = [
            dict(a, url=a["url"].replace(".html", f"-{n}.html"), title=f"{a['title']} ({n})")
            for n in range(pages // len(ARTICLES))
            for a in ARTICLES
        ]
        make_raw_db(data_dir, variants, empty=False)
        summary = build_database(data_dir, progress=False)
        print(f"real build of {summary.extracted} pages: {summary.pages_per_second:.1f} pages/s"
              f" on {summary.workers} workers; {summary.seconds:.1f} s in all")  # fmt: skip
        again = build_database(data_dir, progress=False)
        print(f"incremental rebuild, nothing changed: {again.seconds:.2f} s")


CURVE = [  # (label, /-/search.json query or a table path)
    ("common", f"/-/search.json?q={quote(fold(COMMON))}"),
    ("rare", f"/-/search.json?q={quote(fold(RARE))}"),
    ("phrase", "/-/search.json?q=phat+trien+dang+vien+moi"),
    ("prefix", f"/-/search.json?q={quote(fold(COMMON)[:-2])}"),
    ("typo", "/-/search.json?q=dang+vein"),
    ("common+rare", f"/-/search.json?q={quote('phat trien dang vien ' + fold(RARE))}"),
    ("one filter", f"/-/search.json?q={quote(fold(COMMON))}&year=2020"),
    ("facets", f"/-/search.json?q={quote(fold(COMMON))}&facets=1"),
    ("FTS5 common", f"/kinhnghiem/lessons.json?_nofacet=1&_sort=id&_search={quote(COMMON)}"),
    ("FTS5 rare", f"/kinhnghiem/lessons.json?_nofacet=1&_sort=id&_search={quote(RARE)}"),
]


def curve_database(articles: int, per_article: int, folder: Path) -> Path:
    """The data folder `folder`/<articles>x<per_article> holding that generated
    kinhnghiem.db: built if absent, reused if present (a build stopped midway left only a
    .partial file, never reused)."""
    data_dir = folder / f"{articles}x{per_article}"
    database = data_dir / "kinhnghiem.db"
    if database.exists():
        print(f"reusing {database}")
        return data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = data_dir / "kinhnghiem.db.partial"
    seconds = build_generated(partial, articles * per_article, per_article)
    partial.rename(database)
    print(f"built {database} in {seconds:.0f} s")
    return data_dir


def curve(sizes: list[tuple[int, int]], runs: int, keep: Path | None) -> None:
    """p95 (ms) of the one search and of plain FTS5, database by database; `sizes` are
    (articles, lessons per article)."""
    print(f"p95 in ms of {runs} requests (one warm-up first) to:")
    for label, path in CURVE:
        print(f"  {label:12} {path}")
    print(
        f"{'articles':>9} {'lessons':>9} {'MB':>6}" + "".join(f"{label:>12}" for label, _ in CURVE)
    )
    for articles, per_article in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            data_dir = curve_database(articles, per_article, keep or Path(scratch))
            megabytes = (data_dir / "kinhnghiem.db").stat().st_size / 1e6
            app = datasette_app(data_dir)
            cells = [curve_cell(app, path, runs) for _, path in CURVE]
            row = f"{articles:>9} {articles * per_article:>9} {megabytes:>6.0f}"
            print(row + "".join(f"{cell:>12}" for cell in cells), flush=True)


def curve_cell(app, path: str, runs: int) -> str:
    """The p95 in ms, or the HTTP status of a request that failed (the SQL time limit)."""
    try:
        return f"{p95(asyncio.run(latencies(app, path, runs))):.1f}"
    except RequestFailed as failed:
        return f"HTTP {failed.status}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lessons", type=int, default=100_000)
    parser.add_argument(
        "--curve",
        type=int,
        nargs="+",
        metavar="LESSONS",
        help=f"p95 at these lesson counts ({PER_ARTICLE} lessons an article)",
    )
    parser.add_argument(
        "--curve-articles",
        type=int,
        nargs="+",
        metavar="ARTICLES",
        help="p95 at these article counts, --per-article lessons each",
    )
    parser.add_argument(
        "--per-article",
        type=int,
        default=PER_ARTICLE,
        help="lessons an article of the --curve-articles databases",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="build each curve database into DIR/<articles>x<per-article> if absent, reuse it",
    )
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--pages", type=int, default=0, help="also time a real build")
    parser.add_argument("--only-search-json", action="store_true", help="skip ?_search= timings")
    args = parser.parse_args()
    if args.curve or args.curve_articles:
        sizes = [(n // PER_ARTICLE, PER_ARTICLE) for n in args.curve or []]
        sizes += [(n, args.per_article) for n in args.curve_articles or []]
        curve(sizes, args.runs, args.keep)
        return
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        seconds = build_generated(data_dir / "kinhnghiem.db", args.lessons)
        size = (data_dir / "kinhnghiem.db").stat().st_size / 1e6
        print(f"{args.lessons} lessons: built in {seconds:.1f} s, {size:.0f} MB")
        if not args.only_search_json:
            asyncio.run(measure(data_dir, args.runs))
        asyncio.run(measure_one_search(data_dir, args.runs))
    if args.pages:
        page_build_rate(args.pages)


if __name__ == "__main__":
    main()
