"""Score `nlp.extract` against annotated pages, side by side with trafilatura and htmldate.

    .venv/bin/python benchmarks/extract_eval.py                  # fixtures, holdout, real sites
    .venv/bin/python benchmarks/extract_eval.py --pages DIR ...  # any folders of page + expected
    .venv/bin/python benchmarks/extract_eval.py --failures       # list nlp.extract's misses
    .venv/bin/python benchmarks/extract_eval.py --real-only [--dev-only] [--sites a,b]

A page is `NAME.html` with `NAME.expected.json` beside it (schema in benchmarks/README.md).
The real sites under ../shared/corpus have no expected files: each site's gold title, date,
byline, source and paragraphs are read from its own markup by a reader per template family
or site (`SITES`), apart from nlp/ on purpose; the seed text copy's gold is written below.
Word-ordinal passages ("Một là / Thứ hai …") on real pages come from the gold paragraphs by
this script's own rule (`passage_gold`). Sites in `HELD_OUT` are also reported apart.
Text is compared through `text_key`: NFC, whitespace collapsed, tone-mark placement ignored
("hoà" = "hòa", "tòan" = "toàn"), so the extractor's tone convention is not penalised.
"""

from __future__ import annotations

import argparse
import json
import logging
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


WORD_WITH_MARKS = re.compile(r"(?:\w|[\u0300-\u036f])+")


def _tone_last(word: re.Match[str]) -> str:
    decomposed = word.group(0)
    tones = "".join(c for c in decomposed if c in TONE_MARKS)
    return "".join(c for c in decomposed if c not in TONE_MARKS) + tones


def text_key(text: str) -> str:
    """Comparison key: tone mark moved to the end of its word, so placement conventions agree."""
    decomposed = unicodedata.normalize("NFD", collapse(text))
    # In NFD the marks are not `\w` (category Mn): the word pattern must take them in, or
    # "hòa" = "ho" + mark + "a" never meets "hoà".
    return unicodedata.normalize("NFC", WORD_WITH_MARKS.sub(_tone_last, decomposed))


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
    lessons: list[dict] | None  # None: not annotated; real pages: word-ordinal items only
    site: str = ""  # real pages: the corpus folder (or "seed")
    real: bool = False  # read from a real page's markup, not an expected record
    source_known: bool = False  # real page whose reader read the source line (None included)

    @property
    def annotated(self) -> bool:
        """Written with an expected record (source and lessons known), not read from markup."""
        return self.lessons is not None and not self.real


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


def gold_from_liferay_markup(path: Path, folder: Path = CORPUS) -> Gold | None:
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
    paragraphs = blocks(content)
    return Gold(
        name=f"sotttt-hanoi/{path.relative_to(folder)}",
        url=url,
        html=html,
        title=collapse(title.get_text()),
        published=published,
        authors=authors,
        source=None,
        paragraphs=paragraphs,
        lessons=passage_gold(paragraphs),
        site="sotttt-hanoi",
        real=True,
    )


def load_corpus(folder: Path) -> tuple[list[Gold], int]:
    """The distinct Liferay articles of the HTTrack mirror, and how many pages were skipped."""
    seen: dict[str, Gold] = {}
    skipped = 0
    for path in sorted(folder.rglob("*.html")):
        if "view_content" not in path.parts or "pop_up" in path.parts:
            continue
        if path.stat().st_size < 1000:  # HTTrack placeholders for pages it did not fetch
            continue
        gold = gold_from_liferay_markup(path, folder)
        if gold is None:
            skipped += 1
        elif gold.url not in seen:
            seen[gold.url] = gold
    return list(seen.values()), skipped


# ---------------------------------------------------------------------------- passage gold
# Word-ordinal items read from the gold paragraphs by a rule of this script's own (nlp/ is
# not imported): "Một là / Hai là / …" or "Thứ nhất / Thứ hai / …", in order from one.
ORDINAL_WORDS = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
ORDINAL_FORMS = {
    form: n
    for n, word in enumerate(ORDINAL_WORDS, 1)
    for form in (f"{word} là", "thứ nhất" if n == 1 else "thứ tư" if n == 4 else f"thứ {word}")
}
ORDINAL_START = re.compile(
    r"^(" + "|".join(sorted(ORDINAL_FORMS, key=len, reverse=True)) + r")(?=[,:.\s])",
    re.IGNORECASE,
)
WEEKDAY_DATE = re.compile(r"^[,\s]*(ngày\s*)?\d{1,2}\s*/\s*\d{1,2}")  # "Thứ hai, 11/12/2023"


def ordinal_of(paragraph: str) -> tuple[int, str] | None:
    """(n, marker as written) when the paragraph opens with a word ordinal, else None."""
    text = collapse(paragraph)
    match = ORDINAL_START.match(text)
    if not match or WEEKDAY_DATE.match(text[match.end() :]):
        return None
    return ORDINAL_FORMS[match.group(1).lower()], match.group(1)


def passage_gold(paragraphs: list[str]) -> list[dict]:
    """The items of every run of word ordinals counting up from one (runs of two or more)."""
    items: list[dict] = []
    run: list[str] = []
    for paragraph in paragraphs:
        found = ordinal_of(paragraph)
        if found is None:
            continue
        n, marker = found
        if n == 1:
            items += run if len(run) > 1 else []
            run = [marker]
        elif run and n == len(run) + 1:
            run.append(marker)
    items += run if len(run) > 1 else []
    return [{"marker": m} for m in items]


ORDINAL_KEYS = {marker_key(form) for form in ORDINAL_FORMS}


def is_word_ordinal(marker: str) -> bool:
    return marker_key(marker) in ORDINAL_KEYS


# ---------------------------------------------------------------------------- daknong gold
# One reader per site: the annotation of that site's template, deliberately not shared with
# nlp/. Each returns the Gold of one saved page, or None when heading or body is missing.
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None)
SHOWN_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s+(\d{1,2}):(\d{2}))?")
SEE_DETAILS = re.compile(r"^Xem chi tiết tại đây$", re.IGNORECASE)
SOURCE_LINE = re.compile(
    r"^(?P<open>\()?\s*(?:Theo|Nguồn(?:\s+tin)?)\s*:?\s+(?P<source>[^,;]{2,60}?)\s*(?(open)\))$"
)
BYLINE_LINE = re.compile(r"^(?:Bài|Tin)(?:\s*(?:,|và)\s*ảnh)?\s*:\s*(?P<names>.+)$", re.IGNORECASE)
NAME_ALONE = re.compile(r"^(?:[A-ZÀ-ỸĐ][\w’'.]*)(?:\s+[A-ZÀ-ỸĐ][\w’'.]*){0,4}$")
AGENCY = re.compile(r"^(?:Phòng|Đài|Trung tâm|Ban|Sở|UBND|Báo|Hội|Văn phòng|Cổng|Quỹ)\b")


def clean_title(text: str) -> str:
    return collapse(text.translate(ZERO_WIDTH))


def shown_date(text: str | None) -> str | None:
    """The date (and time) as printed: "02.08.2019 11:52", "01/08/2019"."""
    match = SHOWN_DATE.search(text or "")
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    date = f"{year}-{int(month):02d}-{int(day):02d}"
    return f"{date}T{int(hour):02d}:{minute}:00+07:00" if hour else date


def split_names(names: str) -> list[str]:
    """ "A – B (Đài Truyền thanh huyện)" → ["A", "B"]; agency parts are dropped."""
    names = re.sub(r"\([^)]*\)", "", names)
    parts = [collapse(p) for p in re.split(r"\s[–-]\s|&|,", names)]
    return [p for p in parts if p and not AGENCY.match(p)]


def names_alone(line: str) -> list[str]:
    """A last line that is only names, maybe with their agency: "Phi Tiến – Quỹ …", "X (gt)"."""
    names = split_names(line) if len(line.split()) <= 12 else []
    return names if names and all(NAME_ALONE.match(n) for n in names) else []


def split_credits(paragraphs: list[str]) -> tuple[list[str], list[str], str | None]:
    """Body without its trailing byline / source lines, the authors, the source."""
    cleaned = [collapse(p.translate(ZERO_WIDTH)) for p in paragraphs]
    body = [p for p in cleaned if p and not SEE_DETAILS.match(p)]
    authors: list[str] = []
    source = None
    while body:
        last = body[-1]
        if source is None and not authors and (match := SOURCE_LINE.match(last)):
            source = match.group("source")
        elif not authors and (match := BYLINE_LINE.match(last)):
            authors = split_names(match.group("names"))
        elif not authors and (names := names_alone(last)):
            authors = names
        else:
            break
        body.pop()
    return body, authors, source


def page_gold(
    site: str, path: Path, html: str, title: str, published: str | None, paragraphs: list[str]
) -> Gold:
    body, authors, source = split_credits(paragraphs)
    host = SITES[site].host
    return Gold(
        name=f"{site}/{path.name}",
        url=f"https://{host}/{path.stem}",
        html=html,
        title=clean_title(title),
        published=published,
        authors=authors,
        source=source,
        paragraphs=body,
        lessons=passage_gold(body),
        site=site,
        real=True,
        source_known=True,
    )


def parse(path: Path) -> tuple[str, BeautifulSoup]:
    html = path.read_text(encoding="utf-8", errors="replace")
    return html, BeautifulSoup(html, "lxml")


def text_of(tag: Tag | None) -> str | None:
    return collapse(tag.get_text(" ")) if tag is not None else None


def take_heading(part: Tag | None, css: str) -> str | None:
    """The heading `css` finds in `part`, taken out of it (so the body is what is left)."""
    title = part.select_one(css) if part is not None else None
    if title is None:
        return None
    heading = title.get_text(" ")
    title.decompose()
    return heading


def read_cujut(path: Path) -> Gold | None:
    """News web part: `p.Title` in `#tableforprint`, lead `b.lv_description_mode1`, the
    entry time "(02.08.2019 11:52)" in the category row's `.Time`."""
    html, soup = parse(path)
    table = soup.select_one("#tableforprint")
    title = table and table.select_one("p.Title")
    if not title:
        return None
    heading = title.get_text(" ")
    for tag in table.select("p.Title, ul.contextMenu"):
        tag.decompose()
    date = text_of(soup.select_one(".container_top_mid2 .Time"))
    return page_gold("daknong-cujut", path, html, heading, shown_date(date), blocks(table))


def read_stc(path: Path) -> Gold | None:
    """ "Giới thiệu"-style web part `.gthieu .gtTitle`: centred title, bold lead, body; no
    date shown for the article."""
    html, soup = parse(path)
    part = soup.select_one(".gthieu .gtTitle")
    if not (heading := take_heading(part, 'div[style*="center"] p')):
        return None
    return page_gold("daknong-stc", path, html, heading, None, blocks(part))


def read_sgtvt(path: Path) -> Gold | None:
    """`.title-gt` heading, bold lead `<p>`, body `.fix_img`; the date next to the category
    (`.zoneCent-GT .Time`, absent on the Wayback-toolbar pages)."""
    html, soup = parse(path)
    body = soup.select_one(".fix_img")
    part = body.parent if body is not None else None
    if not (heading := take_heading(part, ".title-gt")):
        return None
    date = text_of(soup.select_one(".zoneCent-GT .Time"))
    return page_gold("daknong-sgtvt", path, html, heading, shown_date(date), blocks(part))


def read_svhttdl(path: Path) -> Gold | None:
    """`.noiDung`: `.title`, lead `.moTaNgan`, body `.contents`; no date for the article."""
    html, soup = parse(path)
    part = soup.select_one(".noiDung")
    if not (heading := take_heading(part, ".title")):
        return None
    return page_gold("daknong-svhttdl", path, html, heading, None, blocks(part))


def read_hdnd(path: Path) -> Gold | None:
    """ "Tin nổi bật" box `td.dv-title`: `<h2>` heading, `<h3>` lead, body; no date shown."""
    html, soup = parse(path)
    part = soup.select_one("td.dv-title > div")
    if not (heading := take_heading(part, "h2")):
        return None
    return page_gold("daknong-hdnd", path, html, heading, None, blocks(part))


def read_ldld(path: Path) -> Gold | None:
    """Liferay 6.1 asset publisher: `<h2>` with an empty "( )" date slot, then
    `.journal-content-article`; no date, no byline."""
    html, soup = parse(path)
    part = soup.select_one(".asset-full-content .nd_detail_chitiet")
    title = part and part.select_one("h2")
    body = part and part.select_one(".journal-content-article")
    if not (title and body):
        return None
    for span in title.select("span"):
        if collapse(span.get_text()) in ("( )", "()", ""):
            span.decompose()
    return page_gold("daknong-ldld", path, html, title.get_text(" "), None, blocks(body))


def read_qbvr(path: Path) -> Gold | None:
    """ASP.NET portal: `h2.detail-title`, "Ngày đăng tin: dd.mm.yyyy HH:MM" in `dd.create`,
    lead `td.NewsIntro`, body `td.NewsContent`."""
    html, soup = parse(path)
    title = soup.select_one("h2.detail-title")
    body = soup.select_one("td.NewsContent")
    if not (title and body):
        return None
    date = text_of(soup.select_one("dd.create"))
    intro = soup.select_one("td.NewsIntro")
    paragraphs = (blocks(intro) if intro else []) + blocks(body)
    return page_gold("daknong-qbvr", path, html, title.get_text(" "), shown_date(date), paragraphs)


# ---------------------------------------------------------------------------- the seed
SEED = ROOT.parent / "shared" / "seeds" / "000_510f445da2a8144a.txt"
SEED_TITLE = (
    "Bài học kinh nghiệm trong công tác giáo dục chính trị tư tưởng, bồi dưỡng lý tưởng cách "
    "mạng trong công tác tạo nguồn phát triển đảng viên từ Đảng ủy xã Ia Le"
)


def read_seed(path: Path) -> Gold | None:
    """Gold from the issue's statement; the body lines are cut from the copy itself."""
    text = path.read_text(encoding="utf-8")
    lines = [collapse(line) for line in text.splitlines()]
    start = next((i for i, x in enumerate(lines) if x.startswith("Công tác phát triển đảng")), None)
    end = next(
        (i for i, x in enumerate(lines) if x.startswith("Qua kinh nghiệm ở xã cho thấy")), None
    )
    if start is None or end is None:
        return None
    markers = ["Một là", "Thứ hai", "Thứ ba", "Thứ tư"]
    return Gold(
        name=f"seed/{path.name}",
        url=f"file://{path}",
        html=text,
        title=SEED_TITLE,
        published="2022-11-29",
        authors=["Minh Châu"],
        source=None,
        paragraphs=[x for x in lines[start : end + 1] if x],
        lessons=[{"marker": m} for m in markers],
        site="seed",
        real=True,
        source_known=True,
    )


# ---------------------------------------------------------------------------- real sites
CORPUS_ROOT = ROOT.parent / "shared" / "corpus"
HELD_OUT = {"daknong-qbvr", "daknong-hdnd", "daknong-svhttdl"}
SHAREPOINT = "SharePoint 2010 + Lạc Việt"


@dataclass
class Site:
    family: str
    host: str
    reader: Callable[[Path], Gold | None] | None  # None: the site has its own loader


SITES: dict[str, Site] = {
    "sotttt-hanoi": Site("Liferay 6 (sotttt-hanoi)", "sotttt.hanoi.gov.vn", None),
    "daknong-ldld": Site("Liferay 6.1 (ldld)", "ldld.daknong.gov.vn", read_ldld),
    "daknong-cujut": Site(SHAREPOINT, "cujut.daknong.gov.vn", read_cujut),
    "daknong-stc": Site(SHAREPOINT, "stc.daknong.gov.vn", read_stc),
    "daknong-sgtvt": Site(SHAREPOINT, "sgtvt.daknong.gov.vn", read_sgtvt),
    "daknong-svhttdl": Site(SHAREPOINT, "svhttdl.daknong.gov.vn", read_svhttdl),
    "daknong-hdnd": Site(SHAREPOINT, "hdnd.daknong.gov.vn", read_hdnd),
    "daknong-qbvr": Site("ASP.NET WebForms (qbvr)", "qbvr.daknong.easywebhub.me", read_qbvr),
    "seed": Site("text copy (seed)", "", read_seed),
}


def load_site(site: str, corpus: Path) -> tuple[list[Gold], int] | None:
    """(pages, skipped) of one real site, or None when its folder is absent."""
    if site == "seed":
        return ([g for g in [read_seed(SEED)] if g], 0) if SEED.is_file() else None
    folder = corpus if site == "sotttt-hanoi" else CORPUS_ROOT / site
    if not folder.is_dir():
        return None
    if site == "sotttt-hanoi":
        return load_corpus(folder)
    pages, skipped = [], 0
    for path in sorted(folder.glob("*.html")):
        gold = SITES[site].reader(path)
        skipped += gold is None
        pages += [gold] if gold else []
    return pages, skipped


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


def quiet_baselines() -> None:
    """No "parsed tree length: 0" lines for the seed's plain text (set on every call: loading
    the NLP models may reconfigure logging)."""
    for name in ("trafilatura", "htmldate"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def run_trafilatura(html: str, url: str) -> Prediction:
    import trafilatura

    quiet_baselines()
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

    quiet_baselines()
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

    def merge(self, other: Score) -> Score:
        """Add another score's counts into this one (sites into a family, families into all)."""
        self.hits.update(other.hits)
        self.totals.update(other.totals)
        for kind, acc in other.prf.items():
            self.prf[kind] = [a + b for a, b in zip(self.prf[kind], acc, strict=True)]
        self.seconds += other.seconds
        self.pages += other.pages
        self.errors += other.errors
        self.misses += other.misses
        return self

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
    if "lessons" in tool.fields and gold.real:
        score_passages(score, gold, pred.lessons or [])
    elif "lessons" in tool.fields and gold.lessons is not None:
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
    if "source" in tool.fields and (gold.annotated or gold.source_known):
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


def score_passages(score: Score, gold: Gold, got: list[dict]) -> None:
    """Real pages: word-ordinal markers only, exact list; any of them where gold has none."""
    name = gold.name
    want = [marker_key(w["marker"]) for w in gold.lessons or []]
    have = [marker_key(g["marker"]) for g in got if is_word_ordinal(g["marker"])]
    if want:
        score.count("passage items right", have == want, name, f"got {have} want {want}")
    else:
        score.tally("false passages (lower is better)", bool(have))
        if have:
            score.misses.append(f"{name}: {len(have)} false word-ordinal items {have[:3]}")


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
    ("passage items right", "passage items right"),
    ("false passages (lower is better)", "false passages (lower is better)"),
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


# ---------------------------------------------------------------------------- real-page report
COMPACT = [
    ("title", "title"),
    ("date", "date"),
    ("date-time", "date-time (minute)"),
    ("authors", "authors (exact list)"),
    ("source", "source"),
    ("word F1", ("word", 2)),
    ("para F1", ("para", 2)),
    ("passage items", "passage items right"),
    ("false passages", "false passages (lower is better)"),
]
COMPACT_TOOLS = ("nlp.extract", "trafilatura")
FAMILIES = [
    "Liferay 6 (sotttt-hanoi)",
    "Liferay 6.1 (ldld)",
    SHAREPOINT,
    "ASP.NET WebForms (qbvr)",
    "text copy (seed)",
]
HELD_OUT_LABEL = "held-out sites (scored blind first: benchmarks/README.md)"


@dataclass
class SiteRun:
    site: str
    pages: list[Gold]
    skipped: int
    scores: dict[str, Score]


def compact_cell(tool: Tool, score: Score, key: str | tuple[str, int]) -> str:
    if isinstance(key, tuple):
        return score.f(*key) if "body" in tool.fields and score.prf[key[0]][2] else "—"
    hits, total = score.hits[key], score.totals[key]
    return f"{100 * hits / total:.0f}% {hits}/{total}" if total else "—"


def compact_table(title: str, groups: list[tuple[str, int, dict[str, Score]]]) -> str:
    """One row per (group, tool): the headline metrics, percent with counts."""
    heads = ["pages"] + [label for label, _ in COMPACT]
    lines = [f"\n## {title}", ""]
    lines.append(f"| {'':<44} | {'tool':<11} | " + " | ".join(f"{h:<13}" for h in heads) + " |")
    lines.append("|" + "-" * 46 + "|" + "-" * 13 + "|" + "|".join("-" * 15 for _ in heads) + "|")
    tools = [t for t in TOOLS if t.name in COMPACT_TOOLS]
    for label, npages, scores in groups:
        for tool in tools:
            cells = [str(npages)] + [compact_cell(tool, scores[tool.name], k) for _, k in COMPACT]
            lines.append(
                f"| {label:<44} | {tool.name:<11} | " + " | ".join(f"{c:<13}" for c in cells) + " |"
            )
    return "\n".join(lines)


def merged(runs: list[SiteRun]) -> dict[str, Score]:
    out = {tool.name: Score() for tool in TOOLS}
    for run in runs:
        for name, score in run.scores.items():
            out[name].merge(score)
    return out


def run_real(sites: list[str], corpus: Path) -> list[SiteRun]:
    runs = []
    for site in sites:
        loaded = load_site(site, corpus)
        if loaded is None:
            print(f"skipping {site}: not found under ../shared", file=sys.stderr)
            continue
        pages, skipped = loaded
        print(f"{site}: {len(pages)} pages scored, {skipped} skipped (no heading or body)")
        if pages:
            runs.append(SiteRun(site, pages, skipped, evaluate(pages)))
    return runs


def report_real(runs: list[SiteRun], failures: bool) -> None:
    print(compact_table("real pages per site", [(r.site, len(r.pages), r.scores) for r in runs]))
    groups = []
    for family in FAMILIES:
        members = [r for r in runs if SITES[r.site].family == family]
        if members:
            groups.append((family, sum(len(r.pages) for r in members), merged(members)))
    for label, members in (
        ("dev sites", [r for r in runs if r.site not in HELD_OUT]),
        (HELD_OUT_LABEL, [r for r in runs if r.site in HELD_OUT]),
    ):
        if members:
            groups.append((label, sum(len(r.pages) for r in members), merged(members)))
    print(compact_table("real pages per CMS family", groups))
    everything = merged(runs)
    pages = [g for r in runs for g in r.pages]
    print(table("all real pages (gold read from each site's markup)", pages, everything))
    print()
    for name, score in everything.items():
        speed = score.pages / score.seconds if score.seconds else 0.0
        print(f"{name:<12} {speed:8.1f} pages/s over {score.pages} real pages")
    if failures:
        print("\nnlp.extract misses on real pages:")
        for run in runs:
            for miss in run.scores["nlp.extract"].misses:
                print("  " + miss)


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
    parser.add_argument("--no-corpus", action="store_true", help="skip all real pages")
    parser.add_argument("--real-only", action="store_true", help="skip fixtures and holdout")
    parser.add_argument(
        "--sites", help=f"only these real sites (comma-separated): {','.join(SITES)}"
    )
    parser.add_argument(
        "--dev-only", action="store_true", help=f"leave out the held-out sites {sorted(HELD_OUT)}"
    )
    parser.add_argument("--failures", action="store_true", help="list nlp.extract's misses")
    parser.add_argument(
        "--generic-only",
        action="store_true",
        help="nlp.extract without its CMS profiles (nlp/selectors.py): generic signals alone, "
        "as on a portal of a family no profile knows",
    )
    args = parser.parse_args(argv)
    if args.generic_only:
        import nlp.layout

        nlp.layout.PROFILES = ()  # the ablation: every page takes the generic path
    sites = list(SITES)
    if args.sites:
        wanted = [s.strip() for s in args.sites.split(",") if s.strip()]
        unknown = [s for s in wanted if s not in SITES]
        if unknown:
            parser.error(f"unknown site(s) {', '.join(unknown)}; known: {', '.join(SITES)}")
        sites = [s for s in SITES if s in wanted]
    if args.dev_only:
        sites = [s for s in sites if s not in HELD_OUT]

    datasets: list[tuple[str, list[Gold]]] = []
    if args.pages:
        for folder in args.pages:
            datasets.append((str(folder), load_annotated(folder)))
    elif not args.real_only:
        datasets.append(("fixtures (tuned on)", load_annotated(FIXTURES, FIXTURES / "holdout")))
        datasets.append(("holdout (not tuned on)", load_annotated(FIXTURES / "holdout")))

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
    if not args.no_corpus:
        print()
        runs = run_real(sites, args.corpus)
        if runs:
            report_real(runs, args.failures)
    return 0


def _version(module: str) -> str:
    from importlib.metadata import version

    return version(module)


if __name__ == "__main__":
    raise SystemExit(main())
