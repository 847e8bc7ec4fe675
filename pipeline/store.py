"""kinhnghiem.db: schema and writing of extracted records with sqlite-utils.

Tables are a pure function of the records written, in the order written (URL order),
so two builds of one raw.db give identical contents. Search is diacritic-insensitive
without a custom tokenizer: every searchable column has a folded copy (marks stripped,
đ→d, lower case) indexed beside it in the same FTS5 table, whose tokenizer also strips
marks, so "dang vien", "DANG VIEN", "đảng viên" and NFD input all match.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from nlp.normalize import fold  # the same folding as nlp's, for text and queries

FTS_TOKENIZE = "unicode61 remove_diacritics 2"
# Indexed columns, in the order of RANK's bm25 weights below. `names_folded`
# (authors, places, organisations) and a lesson's `context_folded` (its article's title,
# authors and places) let a search find an article by who wrote it or where, and a lesson
# through its article's title.
SEARCH_COLUMNS = {
    "articles": ["title", "body", "title_folded", "body_folded", "names_folded"],
    "lessons": ["heading", "text", "heading_folded", "text_folded", "context_folded"],
}
# What a word found in a column weighs: the title (heading) above the text and names, and
# only the folded columns, since the marked ones hold the same words (but for đ) and would
# count them twice. Each index's `rank` (what `order by rank` sorts by: table search, the
# canned query) is bm25 with these weights; pipeline/search.py scores with them too.
WEIGHTS = {
    "articles": {"title_folded": 8.0, "body_folded": 1.0, "names_folded": 2.0},
    "lessons": {"heading_folded": 4.0, "text_folded": 1.0, "context_folded": 0.5},
}
RANK = {
    table: f"bm25({', '.join(str(WEIGHTS[table].get(c, 0)) for c in columns)})"
    for table, columns in SEARCH_COLUMNS.items()
}
# Titles (headings) alone, for pipeline/search.py's "the title holds every word": in the
# full index a common word's list spans nearly every row, here only the titles holding it.
TITLE_INDEX = {"articles": "title_folded", "lessons": "heading_folded"}
BATCH = 500
# Large pages: a common search term seeks ~90% of the lessons by rowid in every query
# Datasette runs (rows, count, facets); 64 KiB pages make those seeks ~25% cheaper than
# 4 KiB (benchmarks/README.md, "Search").
PAGE_SIZE = 65536


def is_internal(column: str) -> bool:
    """A column for search only, never shown to readers: the text without diacritics."""
    return column.endswith("_folded")


@dataclass
class PageMeta:
    """What raw.db says about a page, beside its extracted record."""

    url: str
    site: str
    sha256: str
    fetched_at: str | None = None
    capture: str = "live"  # live | wayback | warc
    captured_at: str | None = None


@dataclass
class Extraction:
    """One page's extraction result, kept in `_extractions` for incremental builds."""

    page: PageMeta
    extractor: str
    record: dict[str, Any] | None = None
    error: str | None = None


# --- schema ---------------------------------------------------------------------------


def create_schema(db: sqlite_utils.Database) -> None:
    db.execute(f"pragma page_size = {PAGE_SIZE}")  # only takes effect on a new, empty file
    db["_extractions"].create(
        {
            "url": str, "site": str, "sha256": str, "fetched_at": str, "capture": str,
            "captured_at": str, "extractor": str, "record": bytes, "error": str,
            "site_name": str,  # the record's, readable without unpacking it
        },
        pk="url",
    )  # fmt: skip
    db["sites"].create(
        {
            "id": str, "name": str, "base_url": str, "province": str, "district": str,
            "cms": str, "article_count": int, "lesson_count": int,
            "first_published": str, "last_published": str,
        },
        pk="id",
    )  # fmt: skip
    db["articles"].create(
        {
            "id": int, "url": str, "site_id": str, "site": str, "title": str, "published": str,
            "year": int, "month": str, "authors": str, "source": str, "breadcrumb": str,
            "place": str, "province": str, "topics": str, "word_count": int,
            "lesson_count": int, "archived_url": str, "capture": str, "fetched_at": str,
            "warnings": str,  # what reading the page took ("page cut to its first … bytes")
            "body": str, "title_folded": str, "body_folded": str, "names_folded": str,
        },
        pk="id",
        foreign_keys=[("site_id", "sites", "id")],
    )  # fmt: skip
    db["lessons"].create(
        {
            # Filter/facet columns before the long text: reading them never follows
            # the overflow pages of a long lesson.
            "id": int, "article_id": int, "ordinal": int, "marker": str, "kind": str,
            "topic": str, "site_id": str, "site": str, "published": str, "year": int,
            "month": str,
            "place": str, "province": str, "heading": str, "text": str,
            "heading_folded": str, "text_folded": str, "context_folded": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("site_id", "sites", "id")],
    )  # fmt: skip
    db["authors"].create({"id": int, "name": str, "title": str}, pk="id")
    db["article_authors"].create(
        # unit: the writer's unit as this article's byline gives it ("Đài Truyền thanh huyện")
        {"article_id": int, "author_id": int, "position": int, "unit": str},
        pk=("article_id", "author_id"),
        foreign_keys=[("article_id", "articles", "id"), ("author_id", "authors", "id")],
    )
    db["places"].create(
        {
            "id": int, "name": str, "level": str, "code": str, "province": str,
            "lat": float, "lon": float, "new_name": str, "new_code": str,
            "article_count": int, "lesson_count": int,
        },
        pk="id",
    )  # fmt: skip
    db["article_places"].create(
        {"article_id": int, "place_id": int, "position": int},
        pk=("article_id", "place_id"),
        foreign_keys=[("article_id", "articles", "id"), ("place_id", "places", "id")],
    )
    db["organizations"].create({"id": int, "name": str, "article_count": int}, pk="id")
    db["article_organizations"].create(
        {"article_id": int, "organization_id": int, "position": int},
        pk=("article_id", "organization_id"),
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("organization_id", "organizations", "id"),
        ],
    )
    db["failures"].create(
        {"url": str, "site_id": str, "site": str, "sha256": str, "fetched_at": str, "error": str},
        pk="url",
        foreign_keys=[("site_id", "sites", "id")],
    )


INDEXES = {
    "articles": [["site_id"], ["site"], ["published"], ["year"], ["month"], ["place"], ["url"]],
    "lessons": [["article_id"], ["site_id"], ["site"], ["year"], ["topic"], ["place"], ["kind"]],
    "article_authors": [["author_id"]],
    "article_places": [["place_id"]],
    "article_organizations": [["organization_id"]],
    "places": [["name"], ["code"], ["province"], ["new_code"]],
    "authors": [["name"]],
    "organizations": [["name"]],
}

VIEWS = {
    # One row per lesson with what a reader needs beside it: no joins to write.
    "lesson_details": """
select l.id, l.article_id, l.ordinal, l.marker, l.heading, l.text, l.kind, l.topic,
       l.site, l.site_id, l.published, l.year, l.month, l.place, l.province,
       a.title as article_title, a.authors, a.url, a.archived_url
from lessons l join articles a on a.id = l.article_id""",
    # Lessons x every place their article names (a lesson appears once per place).
    "lesson_places": """
select l.id as lesson_id, l.article_id, l.ordinal, l.heading, l.kind, l.topic, l.site,
       l.year, p.id as place_id, p.name as place, p.level, p.code, p.province,
       p.new_name, p.new_code, p.lat, p.lon, a.title as article_title, a.url
from lessons l join article_places ap on ap.article_id = l.article_id
join places p on p.id = ap.place_id join articles a on a.id = l.article_id""",
    # Places with coordinates and how many lessons cite them: the map (of lessons, so
    # places no lesson comes from are left off).
    "place_map": """
select id, name, level, province, new_name, lat, lon, article_count, lesson_count
from places where lat is not null and lon is not null and lesson_count > 0""",
}


# --- records --------------------------------------------------------------------------


def pack_record(record: dict[str, Any] | None) -> bytes | None:
    if record is None:
        return None
    return zlib.compress(json.dumps(record, ensure_ascii=False, sort_keys=True).encode(), 6)


def unpack_record(blob: bytes | None) -> dict[str, Any] | None:
    return json.loads(zlib.decompress(blob)) if blob else None


def read_extractions(db: sqlite_utils.Database) -> Iterator[Extraction]:
    """Every stored extraction in URL order."""
    sql = (
        "select url, site, sha256, fetched_at, capture, captured_at, extractor, record, error"
        " from _extractions order by url"
    )
    for row in db.execute(sql):
        url, site, sha, fetched_at, capture, captured_at, extractor, record, error = row
        page = PageMeta(url, site, sha, fetched_at, capture, captured_at)
        yield Extraction(page, extractor, unpack_record(record), error)


def save_extractions(db: sqlite_utils.Database, extractions: Iterable[Extraction]) -> None:
    rows = (
        {
            "url": e.page.url, "site": e.page.site, "sha256": e.page.sha256,
            "fetched_at": e.page.fetched_at, "capture": e.page.capture,
            "captured_at": e.page.captured_at, "extractor": e.extractor,
            "record": pack_record(e.record), "error": e.error,
            "site_name": (e.record or {}).get("site_name"),
        }
        for e in extractions
    )  # fmt: skip
    db["_extractions"].insert_all(rows, batch_size=BATCH, replace=True)


# --- portal names ---------------------------------------------------------------------


def site_key(site: str | None, url: str) -> str:
    """The key of a page's site: raw.db's `site` (crawler profile or host), else the host."""
    return site or urlsplit(url).hostname or ""


@dataclass
class PortalNames:
    """Portals' own names as their pages give them (nlp's `site_name`): the most common one
    per site key, and per host within a site key, since one crawler profile may cover many
    portals (*.gialai.gov.vn: every district's). Ties go to the first name in sort order."""

    by_site: dict[str, str] = field(default_factory=dict)
    by_host: dict[tuple[str, str], str] = field(default_factory=dict)

    def site(self, site: str) -> str:
        return self.by_site.get(site) or site

    def page(self, site: str, url: str, own: str | None = None) -> str:
        """The name shown beside a page: its host's, else the page's own, else its site's."""
        return self.by_host.get((site, urlsplit(url).hostname or "")) or own or self.site(site)


def portal_names(db: sqlite_utils.Database) -> PortalNames:
    """PortalNames of the extractions stored in `_extractions`."""
    by_site: dict[str, Counter] = defaultdict(Counter)
    by_host: dict[tuple[str, str], Counter] = defaultdict(Counter)
    sql = "select site, url, site_name from _extractions where site_name is not null"
    for site, url, name in db.execute(sql):
        key = site_key(site, url)
        by_site[key][name] += 1
        by_host[key, urlsplit(url).hostname or ""][name] += 1
    return PortalNames(
        {key: most_common(names) for key, names in by_site.items()},
        {key: most_common(names) for key, names in by_host.items()},
    )


def most_common(counts: Counter) -> str:
    return min(counts, key=lambda name: (-counts[name], name))


# --- derived tables -------------------------------------------------------------------

# Most local first: villages and wards of towns, communes, districts, provinces.
LEVEL_RANK = {"thôn": 0, "làng": 0, "buôn": 0, "bản": 0, "ấp": 0, "tổ dân phố": 0,
              "khu phố": 0, "xã": 1, "phường": 1, "thị trấn": 1, "huyện": 2, "quận": 2,
              "thị xã": 2, "thành phố": 2, "tỉnh": 3}  # fmt: skip


# What the ids are drawn from (a hash of the URL; a lesson: its article's id * 1000 + its
# position): the matches first in id order are a fair sample, and the id of the Nth tells
# about how many there are (pipeline/search.py).
ID_SPACE = {"articles": 1 << 40, "lessons": (1 << 40) * 1000}


def article_id(url: str, taken: set[int]) -> int:
    """Stable id from the URL (links survive rebuilds); below 2**40 so lesson ids
    (article id * 1000 + position) stay exact in JavaScript."""
    candidate = int(hashlib.sha256(url.encode()).hexdigest()[:10], 16)
    while candidate in taken:  # rare collision: next free id, decided in URL order
        candidate = (candidate + 1) % (1 << 40)
    taken.add(candidate)
    return candidate


def archived_link(url: str, capture: str, captured_at: str | None) -> str | None:
    """Where a reader finds the captured copy: the Wayback URL of the capture."""
    if urlsplit(url).hostname == "web.archive.org":
        return url
    if capture == "wayback" and captured_at:
        stamp = re.sub(r"\D", "", captured_at)[:14]
        return f"https://web.archive.org/web/{stamp}/{url}"
    return None


def main_place(places: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The most local place the article names that has an official code (a commune before
    its district and province; a village has none), else the most local one; ties go to
    the first named."""
    if not places:
        return None
    coded = [p for p in places if p.get("code")]
    return min(coded or places, key=lambda p: LEVEL_RANK.get((p.get("level") or "").lower(), 9))


def year_month(published: str | None) -> tuple[int | None, str | None]:
    if not published or not re.match(r"\d{4}-\d{2}", published):
        return None, None
    return int(published[:4]), published[:7]


@dataclass
class Lookup:
    """Name-like values to integer ids in first-seen order (deterministic per build)."""

    ids: dict[tuple, int] = field(default_factory=dict)

    def id_for(self, key: tuple) -> int:
        return self.ids.setdefault(key, len(self.ids) + 1)


@dataclass
class TableWriter:
    """Streams extractions into the published tables; lookups are written at the end."""

    db: sqlite_utils.Database
    site_details: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> province, cms
    portal_names: PortalNames = field(default_factory=PortalNames)
    taken_ids: set[int] = field(default_factory=set)
    authors: Lookup = field(default_factory=Lookup)
    places: Lookup = field(default_factory=Lookup)
    organizations: Lookup = field(default_factory=Lookup)
    sites: dict[str, dict[str, Any]] = field(default_factory=dict)
    buffers: dict[str, list[dict]] = field(default_factory=dict)
    place_rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    author_titles: dict[int, str | None] = field(default_factory=dict)

    def add(self, extraction: Extraction) -> None:
        page, record = extraction.page, extraction.record
        site = site_key(page.site, page.url)
        self._site(site, page.url)
        own_name = (record or {}).get("site_name")
        shown = {"site_id": site, "site": self.portal_names.page(site, page.url, own_name)}
        if record is None:
            failure = {"url": page.url, **shown, "sha256": page.sha256,
                       "fetched_at": page.fetched_at, "error": extraction.error}  # fmt: skip
            self._queue("failures", failure)
            return
        self._article(record, page, shown)

    def _site(self, site: str, url: str) -> None:
        if site not in self.sites:
            parts = urlsplit(url)
            base_url = f"{parts.scheme}://{parts.netloc}"
            details = self.site_details.get(site, {})
            name = self.portal_names.site(site)
            self.sites[site] = {"id": site, "name": name, "base_url": base_url, **details}

    def _queue(self, table: str, row: dict[str, Any]) -> None:
        rows = self.buffers.setdefault(table, [])
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.buffers):
            rows, self.buffers[name] = self.buffers.get(name, []), []
            if rows:
                self.db[name].insert_all(rows, batch_size=BATCH)

    def _article(self, record: dict[str, Any], page: PageMeta, shown: dict[str, str]) -> None:
        ident = article_id(page.url, self.taken_ids)
        year, month = year_month(record.get("published"))
        places = [p for p in record.get("places") or [] if p.get("name")]
        place = main_place(places)
        body = record.get("body") or ""
        lessons = record.get("lessons") or []
        authors = record.get("authors") or []
        names = [*authors, *(p["name"] for p in places), *(record.get("organizations") or [])]
        common = {**shown, "published": record.get("published"), "year": year,
                  "month": month, "place": place and place["name"],
                  "province": place and place.get("province")}  # fmt: skip
        self._queue("articles", {
            "id": ident, "url": page.url, **common, "title": record.get("title"),
            "authors": ", ".join(authors) or None,
            "source": record.get("source"),
            "breadcrumb": _json_list(record.get("breadcrumb")),
            "topics": _json_list(record.get("topics")), "body": body,
            "word_count": len(body.split()), "lesson_count": len(lessons),
            "archived_url": archived_link(page.url, page.capture, page.captured_at),
            "capture": page.capture, "fetched_at": page.fetched_at,
            "warnings": "; ".join(record.get("warnings") or []) or None,
            "title_folded": fold(record.get("title")), "body_folded": fold(body),
            "names_folded": fold(" ; ".join(names)),
        })  # fmt: skip
        context = fold(
            " ; ".join([record.get("title") or "", *authors, *(p["name"] for p in places)])
        )
        for position, lesson in enumerate(lessons[:999], start=1):
            row = self._lesson_row(ident, position, lesson, record, common)
            self._queue("lessons", {**row, "context_folded": context})
        self._links(ident, record, places)

    def _lesson_row(self, article: int, position: int, lesson: dict[str, Any],
                    record: dict[str, Any], common: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
        """A lesson with its article's site, date and place (`common`) beside it."""
        return {
            "id": article * 1000 + position, "article_id": article,
            "ordinal": lesson.get("ordinal") or position, "marker": lesson.get("marker"),
            "heading": lesson.get("heading"), "text": lesson.get("text"),
            "kind": lesson.get("kind"), "topic": lesson.get("topic"), **common,
            "heading_folded": fold(lesson.get("heading")),
            "text_folded": fold(lesson.get("text")),
        }  # fmt: skip

    def _links(self, ident: int, record: dict[str, Any], places: list[dict]) -> None:
        titles = record.get("author_titles") or {}
        units = record.get("author_units") or {}
        for position, name in enumerate(_unique(record.get("authors")), start=1):
            author = self.authors.id_for((name,))
            self.author_titles.setdefault(author, titles.get(name))
            row = {"article_id": ident, "author_id": author, "position": position}
            self._queue("article_authors", {**row, "unit": units.get(name)})
        seen: set[int] = set()
        for position, place in enumerate(places, start=1):
            key = tuple(place.get(k) for k in ("name", "level", "code", "province"))
            place_id = self.places.id_for(key)
            self.place_rows.setdefault(place_id, place)
            if place_id not in seen:
                seen.add(place_id)
                self._queue(
                    "article_places",
                    {"article_id": ident, "place_id": place_id, "position": position},
                )
        for position, name in enumerate(_unique(record.get("organizations")), start=1):
            self._queue("article_organizations", {
                "article_id": ident, "organization_id": self.organizations.id_for((name,)),
                "position": position})  # fmt: skip

    def finish(self) -> None:
        """Write sites and lookup tables, counts, search index, indexes and views."""
        self.flush()
        self.db["sites"].insert_all(self.sites.values())
        self.db["authors"].insert_all(
            {"id": i, "name": k[0], "title": self.author_titles.get(i)}
            for k, i in self.authors.ids.items()
        )
        self.db["places"].insert_all(
            {"id": i, **{c: self.place_rows[i].get(c) for c in PLACE_COLUMNS}}
            for i in self.places.ids.values()
        )
        self.db["organizations"].insert_all(
            {"id": i, "name": k[0]} for k, i in self.organizations.ids.items()
        )
        finish_database(self.db)


PLACE_COLUMNS = ("name", "level", "code", "province", "lat", "lon", "new_name", "new_code")

COUNTS = """
update sites set
  article_count = (select count(*) from articles a where a.site_id = sites.id),
  lesson_count = (select count(*) from lessons l where l.site_id = sites.id),
  first_published = (select min(published) from articles a where a.site_id = sites.id),
  last_published = (select max(published) from articles a where a.site_id = sites.id);
update places set
  article_count = (select count(*) from article_places ap where ap.place_id = places.id),
  lesson_count = (select count(*) from article_places ap join lessons l
                  on l.article_id = ap.article_id where ap.place_id = places.id);
update organizations set article_count = (select count(*) from article_organizations ao
  where ao.organization_id = organizations.id);
"""


def finish_database(db: sqlite_utils.Database) -> None:
    db.executescript(COUNTS)
    for table, columns in SEARCH_COLUMNS.items():
        db[table].enable_fts(columns, tokenize=FTS_TOKENIZE, create_triggers=False)
        db[f"{table}_fts"].optimize()
        db.execute(f"insert into [{table}_fts] ([{table}_fts], rank) values ('rank', ?)",
                   [RANK[table]])  # fmt: skip
    create_title_indexes(db)
    create_vocabulary(db)
    for table, indexes in INDEXES.items():
        for columns in indexes:
            db[table].create_index(columns, if_not_exists=True)
    for table, groups in FACET_CODES.items():
        create_facet_codes(db, table, groups)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
    db.execute("analyze")


def create_title_indexes(db: sqlite_utils.Database) -> None:
    """`T_titles_fts`: contentless (the rowid is all a search needs), so Datasette neither
    lists it nor takes it for the table's own search."""
    for table, column in TITLE_INDEX.items():
        fts = f"{table}_titles_fts"
        db.execute(f"create virtual table [{fts}] using fts5([{column}], content='',"
                   f" tokenize='{FTS_TOKENIZE}')")  # fmt: skip
        db.execute(f"insert into [{fts}] (rowid, [{column}]) select id, [{column}] from [{table}]")
        db.execute(f"insert into [{fts}] ([{fts}]) values ('optimize')")


def create_vocabulary(db: sqlite_utils.Database) -> None:
    """`search_vocab(term, documents)`: every indexed word and in how many articles and
    lessons it occurs, for pipeline/search.py's typo correction (a keyed table: fts5vocab
    would read the whole index on every query)."""
    db.execute("create table search_vocab (term text primary key, documents integer)"
               " without rowid")  # fmt: skip
    for table in SEARCH_COLUMNS:
        db.execute(
            f"create virtual table temp.[{table}_vocab] using fts5vocab(main, [{table}_fts], row)"
        )
    db.execute(
        "insert into search_vocab select term, sum(doc) from (select term, doc from"
        " temp.articles_vocab union all select term, doc from temp.lessons_vocab) group by term"
    )
    for table in SEARCH_COLUMNS:
        db.execute(f"drop table temp.[{table}_vocab]")


# Default facets of a search found in 90% of the lessons: grouping ~90,000 rows five times
# costs ~120 ms; grouping one small integer per row (the row's combination of the values of
# a group of facet columns) ~30 ms. `_T_facet_sets_cN` lists each combination of group N
# once under a code, `_T_facets.cN` gives each row's code; datasette/plugins/shared_facets.py
# counts codes, then values per column. Two groups: two statements on two cores, and each
# list of combinations stays short (site x year, topic x place x kind).
FACET_CODES = {
    "lessons": [["site", "year"], ["topic", "place", "kind"]],
    "articles": [["site", "year", "place"]],
}


def create_facet_codes(db: sqlite_utils.Database, table: str, groups: list[list[str]]) -> None:
    codes = f"_{table}_facets"
    db[codes].create({"id": int, **{f"c{n}": int for n in range(len(groups))}}, pk="id")
    joins = []
    for n, columns in enumerate(groups):
        sets = f"_{table}_facet_sets_c{n}"
        db[sets].create({"code": int, **{c: db[table].columns_dict[c] for c in columns}}, pk="code")
        listed = ", ".join(f"[{c}]" for c in columns)
        db.execute(f"insert into [{sets}] ({listed}) select distinct {listed} from [{table}]"
                   f" order by {listed}")  # fmt: skip
        db[sets].create_index(columns, unique=True)
        same = " and ".join(f"s{n}.[{c}] is t.[{c}]" for c in columns)
        joins.append(f"join [{sets}] s{n} on {same}")
    names = ", ".join(f"c{n}" for n in range(len(groups)))
    picked = ", ".join(f"s{n}.code" for n in range(len(groups)))
    db.execute(f"insert into [{codes}] (id, {names}) select t.rowid, {picked} from [{table}] t"
               f" {' '.join(joins)} order by t.rowid")  # fmt: skip
    for n in range(len(groups)):  # the unfiltered table page counts codes in index order
        db[codes].create_index([f"c{n}"])


def _json_list(values: list | None) -> str | None:
    return json.dumps(values, ensure_ascii=False) if values else None


def _unique(values: list[str] | None) -> list[str]:
    return list(dict.fromkeys(v for v in values or [] if v))
