"""Score `nlp.extract` against annotated pages, side by side with trafilatura and htmldate.

    .venv/bin/python benchmarks/extract_eval.py                  # fixtures, holdout, real corpus
    .venv/bin/python benchmarks/extract_eval.py --pages DIR ...  # any folders of page + expected
    .venv/bin/python benchmarks/extract_eval.py --failures       # list nlp.extract's misses

A page is `NAME.html` with `NAME.expected.json` beside it (schema in benchmarks/README.md).
The real Liferay corpus (../shared/corpus/sotttt-hanoi) has no expected files: its gold title,
date, byline and paragraphs are read from the CMS markup itself (`gold_from_liferay_markup`).
Text is compared through `text_key`: NFC, whitespace collapsed, tone-mark placement ignored
("hoà" = "hòa", "tòan" = "toàn"), so the extractor's tone convention is not penalised.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a plain script from a checkout

FIXTURES = ROOT / "tests" / "fixtures" / "pages"
CORPUS = ROOT.parent / "shared" / "corpus" / "sotttt-hanoi"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


# ---------------------------------------------------------------------------- text keys
def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _tone_last(word: re.Match[str]) -> str:
    decomposed = word.group(0)
    tones = "".join(c for c in decomposed if c in TONE_MARKS)
    return "".join(c for c in decomposed if c not in TONE_MARKS) + tones


def text_key(text: str) -> str:
    """Comparison key: tone mark moved to the end of its word, so placement conventions agree."""
    decomposed = unicodedata.normalize("NFD", collapse(text))
    return unicodedata.normalize("NFC", re.sub(r"\w+", _tone_last, decomposed))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text_key(text).lower())


def marker_key(marker: str) -> str:
    return text_key(marker).rstrip(" .,:;)-–").lower()


def heading_key(heading: str) -> str:
    return text_key(heading).rstrip(" .,:;").lower()


# ---------------------------------------------------------------------------- records
@dataclass
class Gold:
    name: str
    url: str
    html: str
    title: str | None
    published: str | None
    authors: list[str] | None  # None: not annotated
    source: str | None
    paragraphs: list[str]
    lessons: list[dict] | None  # None: not annotated (real corpus)

    @property
    def annotated(self) -> bool:
        """Written with an expected record (source and lessons known), not read from markup."""
        return self.lessons is not None


@dataclass
class Prediction:
    title: str | None = None
    published: str | None = None
    authors: list[str] | None = None
    source: str | None = None
    paragraphs: list[str] | None = None
    lessons: list[dict] | None = None
    error: str | None = None


@dataclass
class Tool:
    name: str
    run: Callable[[str, str], Prediction]
    fields: set[str] = field(default_factory=set)  # what the tool claims to extract


def load_annotated(folder: Path, exclude: Path | None = None) -> list[Gold]:
    pages = []
    for exp_path in sorted(folder.rglob("*.expected.json")):
        if exclude is not None and exclude in exp_path.parents:
            continue
        html_path = exp_path.with_name(exp_path.name.replace(".expected.json", ".html"))
        exp = json.loads(exp_path.read_text(encoding="utf-8"))
        pages.append(
            Gold(
                name=str(html_path.relative_to(folder)),
                url=exp["url"],
                html=html_path.read_text(encoding="utf-8"),
                title=exp["title"],
                published=exp["published"],
                authors=exp["authors"],
                source=exp.get("source"),
                paragraphs=exp["paragraphs"],
                lessons=exp.get("lessons", []),
            )
        )
    return pages


# ---------------------------------------------------------------------------- page blocks
# The gold paragraphs of the real corpus are read here with BeautifulSoup, on purpose apart
# from nlp/html.py's `blocks`: a gold reader that shared the measured splitter would share
# its mistakes, and paragraph F1 would not see them.
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figcaption",
    "figure",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "tbody",
    "thead",
    "tr",
    "center",
    "pre",
    "dd",
    "dt",
    "dl",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "form",
}


def blocks(element: Tag) -> list[str]:
    """The paragraphs of an element: `<p>`, cells, list items, text between `<br>`s."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = collapse("".join(buffer))
        if text:
            out.append(text)
        buffer.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not comments, CDATA, doctype
                    buffer.append(str(child))
            elif child.name in ("script", "style", "noscript"):
                continue
            elif child.name == "br":
                flush()
            elif child.name in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(element)
    flush()
    return out


# ---------------------------------------------------------------------------- real corpus gold
LIFERAY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\s*\|\s*(\d{1,2}):(\d{2})\s*([AP]M)")
MIRRORED = re.compile(r"<!-- Mirrored from (\S+) by HTTrack")


def is_right_aligned(tag: Tag) -> bool:
    style = (tag.get("style") or "").replace(" ", "").lower()
    return tag.get("align") == "right" or "text-align:right" in style


def gold_from_liferay_markup(path: Path) -> Gold | None:
    """Title, date, byline and paragraphs as the Liferay asset publisher marks them up."""
    html = path.read_text(encoding="utf-8", errors="replace")
    soup = BeautifulSoup(html, "lxml")
    title = soup.select_one(".asset-full-content-title")
    date = soup.select_one(".assetPublishDate")
    content = soup.select_one(".portlet-asset-publisher .asset-content")
    mirrored = MIRRORED.search(html)
    if not (title and date and content and mirrored):
        return None
    match = LIFERAY_DATE.search(date.get_text(" "))
    published = None
    if match:
        day, month, year, hour, minute, half = match.groups()
        hour24 = int(hour) % 12 + (12 if half == "PM" else 0)
        published = f"{year}-{int(month):02d}-{int(day):02d}T{hour24:02d}:{minute}:00+07:00"
    authors = []
    for p in content.select(".journal-content-article p"):
        if "view-content-author" in (p.get("class") or []):
            p.decompose()  # the CMS account ("Pho Ban bien tap"), never an author
        elif is_right_aligned(p) and collapse(p.get_text()):
            authors.append(collapse(p.get_text()))
            p.decompose()
    url = "https://" + mirrored.group(1).removeprefix("http://").removeprefix("https://")
    return Gold(
        name=str(path.relative_to(CORPUS)),
        url=url,
        html=html,
        title=collapse(title.get_text()),
        published=published,
        authors=authors,
        source=None,
        paragraphs=blocks(content),
        lessons=None,
    )


def load_corpus(folder: Path) -> list[Gold]:
    seen: dict[str, Gold] = {}
    for path in sorted(folder.rglob("*.html")):
        if "view_content" not in path.parts or "pop_up" in path.parts:
            continue
        if path.stat().st_size < 1000:  # HTTrack placeholders for pages it did not fetch
            continue
        gold = gold_from_liferay_markup(path)
        if gold is not None and gold.url not in seen:
            seen[gold.url] = gold
    return list(seen.values())


# ---------------------------------------------------------------------------- tools
def run_nlp(html: str, url: str) -> Prediction:
    import nlp

    try:
        art = nlp.extract(html, url)
    except Exception as exc:  # scored as a miss on every field
        return Prediction(error=f"{type(exc).__name__}: {exc}")
    authors = [getattr(a, "name", a) for a in (art.authors or [])]
    lessons = [
        {"marker": ls.marker, "heading": ls.heading, "kind": ls.kind} for ls in (art.lessons or [])
    ]
    paragraphs = [p for p in re.split(r"\n\s*\n", art.body or "") if p.strip()]
    return Prediction(
        title=art.title,
        published=art.published,
        authors=authors,
        source=art.source,
        paragraphs=paragraphs,
        lessons=lessons,
    )


def run_trafilatura(html: str, url: str) -> Prediction:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return Prediction(authors=[], paragraphs=[], error="returned None")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    author = get("author") or ""
    return Prediction(
        title=get("title"),
        published=get("date"),
        authors=[a.strip() for a in author.split(";") if a.strip()],
        paragraphs=[line for line in (get("text") or "").split("\n") if line.strip()],
    )


def run_htmldate(html: str, url: str) -> Prediction:
    from htmldate import find_date

    opts = {"url": url, "extensive_search": True, "original_date": True}
    date = find_date(html, **opts)
    stamp = find_date(html, outputformat="%Y-%m-%dT%H:%M", **opts)
    if date and stamp and stamp.startswith(date) and len(stamp) > 10:
        return Prediction(published=stamp)
    return Prediction(published=date)


def has_time(published: str) -> bool:
    return len(published) >= 16 and published[10] == "T"


TOOLS = [
    Tool(
        "nlp.extract",
        run_nlp,
        {"title", "date", "datetime", "authors", "source", "body", "lessons"},
    ),
    Tool("trafilatura", run_trafilatura, {"title", "date", "authors", "body"}),
    Tool("htmldate", run_htmldate, {"date", "datetime"}),
]


# ---------------------------------------------------------------------------- scoring
class Score:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.totals: Counter[str] = Counter()
        self.prf: dict[str, list[int]] = {"word": [0, 0, 0], "para": [0, 0, 0]}
        self.seconds = 0.0
        self.pages = 0
        self.errors = 0
        self.misses: list[str] = []

    def count(self, metric: str, ok: bool, page: str, detail: str = "") -> None:
        self.tally(metric, ok)
        if not ok:
            self.misses.append(f"{page}: {metric} {detail}")

    def tally(self, metric: str, hit: bool) -> None:
        self.totals[metric] += 1
        self.hits[metric] += hit

    def overlap(self, kind: str, gold: list[str], pred: list[str]) -> int:
        both = sum((Counter(gold) & Counter(pred)).values())
        acc = self.prf[kind]
        acc[0] += both
        acc[1] += len(pred)
        acc[2] += len(gold)
        return both

    def rate(self, metric: str) -> str:
        if not self.totals[metric]:
            return "n/a"
        hits, total = self.hits[metric], self.totals[metric]
        return f"{100 * hits / total:.1f}% ({hits}/{total})"

    def f(self, kind: str, which: int) -> str:
        both, npred, ngold = self.prf[kind]
        p = both / npred if npred else 0.0
        r = both / ngold if ngold else 0.0
        return f"{[p, r, 2 * p * r / (p + r) if p + r else 0.0][which]:.3f}"


def date_part(published: str | None) -> str | None:
    return published[:10] if published else None


def score_page(score: Score, tool: Tool, gold: Gold, pred: Prediction) -> None:
    if pred.error and tool.name == "nlp.extract":
        score.errors += 1
    score_metadata(score, tool, gold, pred)
    if "body" in tool.fields:
        score_body(score, gold, pred)
    if "lessons" in tool.fields and gold.lessons is not None:
        score_lessons(score, gold, pred.lessons or [])


def score_metadata(score: Score, tool: Tool, gold: Gold, pred: Prediction) -> None:
    """Title, date, date-time, authors and source: each right or wrong as a whole."""
    name = gold.name
    if "title" in tool.fields:
        ok = (
            pred.title is not None
            and gold.title is not None
            and text_key(pred.title) == text_key(gold.title)
        )
        score.count("title", ok, name, f"got {pred.title!r} want {gold.title!r}")
    if "date" in tool.fields:
        ok = date_part(pred.published) == date_part(gold.published)
        score.count("date", ok, name, f"got {pred.published} want {gold.published}")
    if "datetime" in tool.fields and gold.published and has_time(gold.published):
        ok = bool(pred.published) and pred.published[:16] == gold.published[:16]
        score.count("date-time (minute)", ok, name, f"got {pred.published} want {gold.published}")
    if "authors" in tool.fields and gold.authors is not None:
        ok = [text_key(a) for a in pred.authors or []] == [text_key(a) for a in gold.authors]
        score.count("authors (exact list)", ok, name, f"got {pred.authors} want {gold.authors}")
    if "source" in tool.fields and gold.annotated:
        ok = (text_key(pred.source) if pred.source else None) == (
            text_key(gold.source) if gold.source else None
        )
        score.count("source", ok, name, f"got {pred.source!r} want {gold.source!r}")


def score_body(score: Score, gold: Gold, pred: Prediction) -> None:
    """Word-level and paragraph-level overlap with the gold paragraphs."""
    got = pred.paragraphs or []
    score.overlap("word", words(" ".join(gold.paragraphs)), words(" ".join(got)))
    both = score.overlap("para", [text_key(p) for p in gold.paragraphs], [text_key(p) for p in got])
    if both < len(gold.paragraphs) or both < len(got):
        score.misses.append(
            f"{gold.name}: paragraphs {both} matched of {len(got)} got"
            f" / {len(gold.paragraphs)} want"
        )


def score_lessons(score: Score, gold: Gold, got: list[dict]) -> None:
    """Count, markers, headings and kinds on pages with lessons; false lessons on the rest."""
    name, want = gold.name, gold.lessons or []
    if not want:
        score.tally("false lessons (lower is better)", bool(got))
        if got:
            score.misses.append(f"{name}: {len(got)} false lessons {got[0]['marker']!r}")
        return
    ok = len(got) == len(want)
    score.count("lesson count right", ok, name, f"got {len(got)} want {len(want)}")
    pairs = list(zip(got, want, strict=False)) if ok else []
    score.count(
        "lesson markers right",
        ok and all(marker_key(g["marker"]) == marker_key(w["marker"]) for g, w in pairs),
        name,
        f"got {[g['marker'] for g in got]} want {[w['marker'] for w in want]}",
    )
    score.count(
        "lesson headings right",
        ok and all(heading_key(g["heading"]) == heading_key(w["heading"]) for g, w in pairs),
        name,
        "",
    )
    score.count(
        "lesson kinds right",
        ok and all(g["kind"] == w["kind"] for g, w in pairs),
        name,
        f"got {[g['kind'] for g in got][:1]} want {want[0]['kind']}",
    )


def evaluate(pages: list[Gold]) -> dict[str, Score]:
    scores = {}
    for tool in TOOLS:
        score = Score()
        for gold in pages:  # first call outside the clock: imports and model loading
            tool.run(gold.html, gold.url)
            break
        for gold in pages:
            start = time.perf_counter()
            pred = tool.run(gold.html, gold.url)
            score.seconds += time.perf_counter() - start
            score.pages += 1
            score_page(score, tool, gold, pred)
        scores[tool.name] = score
    return scores


ROWS = [
    ("title", "title"),
    ("date", "date"),
    ("date-time (minute)", "date-time (minute)"),
    ("authors (exact list)", "authors (exact list)"),
    ("source", "source"),
    ("body word P", ("word", 0)),
    ("body word R", ("word", 1)),
    ("body word F1", ("word", 2)),
    ("paragraph P", ("para", 0)),
    ("paragraph R", ("para", 1)),
    ("paragraph F1", ("para", 2)),
    ("lesson count right", "lesson count right"),
    ("lesson markers right", "lesson markers right"),
    ("lesson headings right", "lesson headings right"),
    ("lesson kinds right", "lesson kinds right"),
    ("false lessons (lower is better)", "false lessons (lower is better)"),
]


def table(title: str, pages: list[Gold], scores: dict[str, Score]) -> str:
    names = [t.name for t in TOOLS]
    lines = [f"\n## {title}: {len(pages)} pages", ""]
    header = f"| {'metric':<32} | " + " | ".join(f"{n:<22}" for n in names) + " |"
    lines += [header, "|" + "-" * 34 + "|" + "|".join("-" * 24 for _ in names) + "|"]
    for label, key in ROWS:
        cells = []
        for tool in TOOLS:
            score = scores[tool.name]
            if isinstance(key, tuple):
                cells.append(score.f(*key) if "body" in tool.fields else "—")
            else:
                cells.append(score.rate(key) if score.totals[key] else "—")
        if any(c not in ("—", "n/a") for c in cells):
            lines.append(f"| {label:<32} | " + " | ".join(f"{c:<22}" for c in cells) + " |")
    speed = [f"{s.pages / s.seconds:.1f}" if s.seconds else "—" for s in scores.values()]
    lines.append(f"| {'pages/s':<32} | " + " | ".join(f"{c:<22}" for c in speed) + " |")
    errors = scores["nlp.extract"].errors
    if errors:
        lines.append(f"\nnlp.extract raised on {errors} pages")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=Path,
        action="append",
        help="folder of NAME.html + NAME.expected.json (repeatable); "
        "default: tests/fixtures/pages, its holdout/ scored apart",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS,
        help="saved Liferay portal (default ../shared/corpus/sotttt-hanoi)",
    )
    parser.add_argument("--no-corpus", action="store_true", help="skip the real corpus")
    parser.add_argument("--failures", action="store_true", help="list nlp.extract's misses")
    args = parser.parse_args(argv)

    datasets: list[tuple[str, list[Gold]]] = []
    if args.pages:
        for folder in args.pages:
            datasets.append((str(folder), load_annotated(folder)))
    else:
        datasets.append(("fixtures (tuned on)", load_annotated(FIXTURES, FIXTURES / "holdout")))
        datasets.append(("holdout (not tuned on)", load_annotated(FIXTURES / "holdout")))
    if not args.no_corpus:
        if args.corpus.is_dir():
            datasets.append(
                (
                    f"real Liferay corpus {args.corpus.name} (gold from CMS markup)",
                    load_corpus(args.corpus),
                )
            )
        else:
            print(f"skipping real corpus: {args.corpus} not found", file=sys.stderr)

    print(
        "# extraction benchmark: nlp.extract vs trafilatura "
        f"{_version('trafilatura')} vs htmldate {_version('htmldate')}"
    )
    for title, pages in datasets:
        if not pages:
            print(f"\n## {title}: no pages found")
            continue
        scores = evaluate(pages)
        print(table(title, pages, scores))
        if args.failures:
            print("\nnlp.extract misses:")
            for miss in scores["nlp.extract"].misses:
                print("  " + miss)
    return 0


def _version(module: str) -> str:
    from importlib.metadata import version

    return version(module)


if __name__ == "__main__":
    raise SystemExit(main())
