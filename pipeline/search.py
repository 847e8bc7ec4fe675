"""One search over kinhnghiem.db: articles and lessons for what a reader types.

Whatever is typed becomes a valid FTS5 query (words only: quotes, operators and
punctuation never reach FTS5 as syntax), so no input is an error. Each word matches with
or without diacritics (the folded columns, pipeline/store.py); the last word also as a
prefix (a half-typed word); a word of 3+ letters that the corpus does not hold also as
the corpus words one edit away, or as two corpus words run together ("dangvien"); when
few rows hold every word of a longer query, rows holding all but one (a typo that made
another real word).
Articles are found by title, text, authors, places and organisations; lessons by their
heading, text and their article's title, authors and places.

Ranking: up to `COUNT_LIMIT` matches are counted ("more than" past it); of at most
`SCORE_ALL`, bm25 scored here (`_scores`: the title, names and start of the text, weighted
as the index's rank) picks `CANDIDATES`; of more, the first `CANDIDATES` ids are a sample.
Either way the first rows whose title holds the words join them (an index of titles alone),
and they are ordered by: the words as a phrase in the title (heading), then in the names
(an author, a place), all words in the title (a word typed with diacritics: with those),
the diacritics as typed anywhere, the words as a phrase in the text (then near each other),
how many words the title holds and how short it is, the score. Every statement stops after a
bounded number of rows, so a search costs about the same at 10k and 1M rows
(benchmarks/search_bench.py --curve).

`search(conn, query)` works on any sqlite3 connection to the published file (Datasette's
read connections through `execute_fn`, the benchmarks' own)."""

from __future__ import annotations

import asyncio
import math
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from nlp.normalize import fold, normalize
from pipeline.store import ID_SPACE, TITLE_INDEX, WEIGHTS

MAX_WORDS = 12
MAX_WORD_CHARS = 40
TYPO_MIN_CHARS = 3  # typed: a 4-letter word with a letter dropped is 3
# Fewer rows than this hold all the words of a query of RELAX_MIN_WORDS or more: rows
# holding all but one are found too (ranked after, having fewer words in the title).
RELAX_BELOW = 3
RELAX_MIN_WORDS = 3
TYPO_ALTERNATIVES = 4
PREFIX_MIN_CHARS = 2
CANDIDATES = 100  # rows ordered (so 10 pages at most): the best by score, or a sample
# Matches counted: a count costs ~0.1 ms a thousand rows a word, so past this a search
# says "more than".
COUNT_LIMIT = 1000
# Matches all scored (~0.1 ms a row) to pick the best; of more, a sample (`_candidates`).
SCORE_ALL = 300
TITLE_SAMPLE = 50
COMPLETIONS = 40  # corpus words a half-typed last word is taken for; more: FTS5's prefix query
SCORE_CHARS = 600  # of a text, its start is scored (bm25, with the title and names)
BM25_K1, BM25_B = 1.2, 0.75  # FTS5's
NEAR_WORDS = 8  # every word typed within so many words of the text: "near", after a phrase
SNIPPET_SOURCE_CHARS = 20000  # of a long text, the snippet comes from its start
PAGE_SIZE = 10
SNIPPET_CHARS = 220
EXACT_CHARS = 4000  # of a long article, the marks as typed are looked for in its start
TIME_LIMIT_MS = 2500
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
WORDS = re.compile(r"[^\W_]+")  # as FTS5's unicode61 tokenizer splits
FILTERS = ("year", "place", "topic", "kind", "site")
TITLE_COLUMN = {"articles": "{title_folded}", "lessons": "{heading_folded}"}
TEXT = {"articles": "body", "lessons": "text"}


@dataclass
class Term:
    """A typed word and what else it may match."""

    word: str
    prefix: bool = False
    alternatives: list[str] = field(default_factory=list)  # one edit away, in the corpus
    split: tuple[str, str] | None = None  # two corpus words typed as one
    completions: list[str] = field(default_factory=list)  # the corpus words a prefix begins

    def expression(self) -> str:
        # the corpus words a prefix begins, named: FTS5 reads a prefix query's rows all at
        # once (~20 ms a common word at 300k lessons), a word's rows as it needs them
        options = [f'"{word}"' for word in self.completions]
        options = options or [f'"{self.word}"' + ("*" if self.prefix else "")]
        options += [f'"{alt}"' for alt in self.alternatives]
        if self.split:
            options.append(f'"{self.split[0]} {self.split[1]}"')
        return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"

    def forms(self) -> list[str]:
        return [self.word, *self.alternatives, *self.completions]

    def found_in(self, words: set[str], text: str) -> bool:
        if self.word in words or any(alt in words for alt in self.alternatives):
            return True
        if self.prefix and any(w.startswith(self.word) for w in words):
            return True
        return bool(self.split) and f"{self.split[0]} {self.split[1]}" in text


@dataclass
class Query:
    text: str  # as typed, normalised
    terms: list[Term]
    truncated: bool = False

    @property
    def marked(self) -> bool:
        """Typed with Vietnamese diacritics (then rows with the same marks come first)."""
        return fold(self.text) != self.text.lower()

    def match(self) -> str:
        return " AND ".join(term.expression() for term in self.terms)

    def typed(self) -> list[str | None]:
        """Each term as typed in lower case when typed with diacritics, else None."""
        words = WORDS.findall(self.text.lower())
        if len(words) < len(self.terms):  # the folding split a word (never seen)
            return [None] * len(self.terms)
        return [word if fold(word) != word else None for word in words[: len(self.terms)]]

    def all_but_one(self) -> str:
        """Rows holding every word but (at most) one: a typo that made another real word."""
        groups = [
            " AND ".join(t.expression() for j, t in enumerate(self.terms) if j != i)
            for i in range(len(self.terms))
        ]
        return " OR ".join(f"({group})" for group in groups)


def parse(
    text: str | None, vocabulary: Vocabulary | None = None, completions: bool = True
) -> Query:
    """The words of `text` as search terms (any input; no words: no terms); with a
    `vocabulary`, a word the corpus lacks also as its corrections, and a half-typed last
    word as the corpus words it begins (unless not `completions`: FTS5's bm25 would weigh
    each of them as a word of its own)."""
    text = normalize((text or "")[:2000])
    words = [w[:MAX_WORD_CHARS] for w in WORDS.findall(fold(text))]
    terms = [Term(w) for w in words[:MAX_WORDS]]
    if terms and len(terms[-1].word) >= PREFIX_MIN_CHARS:
        terms[-1].prefix = True
    if vocabulary:
        for term in terms:
            vocabulary.correct(term)
        if completions and terms and terms[-1].prefix:
            vocabulary.complete(terms[-1])
    return Query(text, terms, truncated=len(words) > MAX_WORDS)


class Vocabulary:
    """The corpus words (`search_vocab`, written by the build) for typo correction."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.available = bool(
            conn.execute("select 1 from sqlite_master where name = 'search_vocab'").fetchone()
        )

    def documents(self, words: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(words), 500):
            chunk = words[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"select term, documents from search_vocab where term in ({marks})"
            found.update(self.conn.execute(sql, chunk).fetchall())
        return found

    def correct(self, term: Term) -> None:
        """Alternatives for a word the corpus lacks: the most common words one edit away,
        and a split into two corpus words."""
        if not self.available or len(term.word) < TYPO_MIN_CHARS or not term.word.isalpha():
            return
        if self.documents([term.word]):
            return
        if term.prefix and self._has_prefix(term.word):
            return  # a half-typed word, not a typo
        word = term.word
        splits = [(word[:i], word[i:]) for i in range(1, len(word))]
        known = self.documents(sorted(edits(word) | {p for s in splits for p in s}))
        near = sorted(edits(word) & known.keys(), key=lambda w: (-known[w], w))
        term.alternatives = near[:TYPO_ALTERNATIVES]
        whole = [s for s in splits if min(map(len, s)) > 1 and s[0] in known and s[1] in known]
        if whole:
            term.split = max(whole, key=lambda s: min(known[s[0]], known[s[1]]))

    def complete(self, term: Term) -> None:
        """The corpus words a prefix begins, when they are at most `COMPLETIONS`."""
        if not self.available:
            return
        sql = "select term from search_vocab where term >= ? and term < ? limit ?"
        words = [
            w for (w,) in self.conn.execute(sql, [term.word, term.word + "\uffff", COMPLETIONS + 1])
        ]
        if len(words) <= COMPLETIONS:
            term.completions = words

    def rows(self) -> int:
        """Articles and lessons (what `documents` counts in), from the build's statistics."""
        if self.conn.execute("select 1 from sqlite_master where name = 'sqlite_stat1'").fetchone():
            sql = ("select tbl, max(cast(stat as integer)) from sqlite_stat1"
                   " where tbl in ('articles', 'lessons') group by tbl")  # fmt: skip
        else:
            sql = "select 1, (select count(*) from articles) + (select count(*) from lessons)"
        return sum(n for _, n in self.conn.execute(sql)) or 1

    def _has_prefix(self, word: str) -> bool:
        sql = "select 1 from search_vocab where term >= ? and term < ? limit 1"
        return bool(self.conn.execute(sql, [word, word + "\uffff"]).fetchone())


def edits(word: str) -> set[str]:
    """Every word one deletion, transposition, substitution or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word}


# --- running a search ---------------------------------------------------------------------


@dataclass
class Filters:
    year: int | None = None
    place: str | None = None
    topic: str | None = None
    kind: str | None = None
    site: str | None = None

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        values = {name: (args.get(name) or "").strip() or None for name in FILTERS}
        year = values.pop("year")
        return cls(year=int(year) if year and year.isdigit() and len(year) == 4 else None, **values)

    def items(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name) is not None}

    def where(self, table: str) -> tuple[str, dict[str, Any]]:
        """SQL conditions on `t` (a row of `table`) and their parameters."""
        clauses, params = [], {}
        for name, value in self.items().items():
            if table == "lessons" or name in ("year", "place", "site"):
                clauses.append(f"t.[{name}] = :f_{name}")
            else:  # an article with a lesson of that topic or kind
                clauses.append(
                    f"exists (select 1 from lessons l where l.article_id = t.id"
                    f" and l.[{name}] = :f_{name})"
                )
            params[f"f_{name}"] = value
        return "".join(f" and {c}" for c in clauses), params


SELECT = {
    "articles": """
select t.id, t.url, t.title, t.published, t.site, t.site_id, t.place, t.authors,
       t.lesson_count, t.title_folded, t.names_folded, null as article_id,
       null as article_title, null as kind, null as topic, null as marker, {text}""",
    "lessons": """
select t.id, a.url, t.heading as title, t.published, t.site, t.site_id, t.place,
       a.authors, null as lesson_count, t.heading_folded as title_folded,
       t.context_folded as names_folded, t.article_id, a.title as article_title, t.kind,
       t.topic, t.marker, {text}""",
}
JOIN = {"articles": "", "lessons": " join articles a on a.id = t.article_id"}


def _candidates(
    conn, table: str, query: Query, match: str, filters: Filters, ids: list[int]
) -> dict[int, Scored]:
    """{rowid: `_scores`'s} of the rows to order, of the matching `ids` (`matching`'s):
    with at most `SCORE_ALL`, the best `CANDIDATES` by score; with more, the first
    `CANDIDATES` (ids are hashes of URLs: a fair sample). Either way, with the first
    `TITLE_SAMPLE` whose title holds the words."""
    pool = ids if len(ids) <= SCORE_ALL else ids[:CANDIDATES]
    titled = _title_ids(conn, table, match, filters)
    scores = _scores(conn, table, query, list(dict.fromkeys(pool + titled)))
    best = sorted(pool, key=lambda rowid: scores[rowid].score)[:CANDIDATES]
    return {rowid: scores[rowid] for rowid in best + titled}


@dataclass
class Scored:
    """What `_scores` read of a row: its score and where the query's terms are."""

    score: float  # -bm25: lower is better, as FTS5's rank
    nearness: int  # `_nearness` in the title or text
    title_words: list[str]  # folded
    title: list[list[int]]  # `Matcher.positions` in the title
    names_words: list[str]  # authors, places, organisations; a lesson: its article's too
    names: list[list[int]]


def _scores(conn, table: str, query: Query, ids: list[int]) -> dict[int, Scored]:
    """`Scored` of `ids`: bm25 over their title (heading), names and the first
    `SCORE_CHARS` of their text, weighted as the index's rank (pipeline/store.py
    `WEIGHTS`), each word's rarity from the vocabulary's counts. FTS5's own bm25 counts
    each word's rows in every statement (~10 ms a common word at 100k lessons, ten times
    that at 1M), and its phrase test of a list of rows reads a common word's whole list
    for each row without the phrase."""
    columns = list(WEIGHTS[table])
    title, text = columns.index(TITLE_INDEX[table]), columns.index(f"{TEXT[table]}_folded")
    (names,) = set(range(len(columns))) - {title, text}
    values = ", ".join(f"substr({column}, 1, {SCORE_CHARS})" for column in columns)
    rows = _in_chunks(conn, f"select id, {values} from {table} where id in ({{marks}})", ids)
    words = {rowid: [WORDS.findall(value or "") for value in texts] for rowid, *texts in rows}
    lengths = {rowid: sum(map(len, texts)) for rowid, texts in words.items()}
    average = sum(lengths.values()) / max(1, len(lengths)) or 1
    rarity = _rarity(conn, query)
    weights = list(WEIGHTS[table].values())
    matcher = Matcher(query)
    scores = {}
    for rowid, texts in words.items():
        found = [matcher.positions(column_words) for column_words in texts]  # column, term
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[rowid] / average)
        score = 0.0
        for j, (term, idf) in enumerate(zip(query.terms, rarity, strict=True)):
            frequency = sum(
                weight * (len(column[j]) or _split_in(term, column_words))
                for weight, column, column_words in zip(weights, found, texts, strict=True)
            )
            score += idf * frequency * (BM25_K1 + 1) / (frequency + norm)
        nearness = _nearness([found[title], found[text]])
        scores[rowid] = Scored(
            -score, nearness, texts[title], found[title], texts[names], found[names]
        )
    return scores


class Matcher:
    """Where a query's terms are among a text's words (folded), for the phrase, proximity
    and title tiers and the score of every row: each word looked up once."""

    def __init__(self, query: Query):
        self.terms = query.terms
        self.typed = query.typed()
        self.index: dict[str, list[int]] = {}  # a word: the terms it is
        self.open: list[tuple[int, str]] = []  # a half-typed word with too many to name
        for j, term in enumerate(self.terms):
            named = term.completions or [term.word, *term.alternatives]
            if term.prefix and not term.completions:
                named, self.open = term.alternatives, [*self.open, (j, term.word)]
            for word in named:
                self.index.setdefault(word, []).append(j)

    def positions(self, words: list[str], marked: list[str] | None = None) -> list[list[int]]:
        """For each term, where it is in `words`; with `marked` (the same words as written,
        lower case), a term typed with diacritics only where they are as typed."""
        found: list[list[int]] = [[] for _ in self.terms]
        index = self.index
        for i, j in [(i, j) for i, word in enumerate(words) for j in index.get(word, ())]:
            found[j].append(i)
        for j, start in self.open:
            begun = [i for i, word in enumerate(words) if word.startswith(start)]
            found[j] = sorted({*found[j], *begun})
        if marked is not None:
            for j, typed in enumerate(self.typed):
                if typed:
                    prefix = self.terms[j].prefix
                    found[j] = [i for i in found[j] if marked[i] == typed
                                or (prefix and marked[i].startswith(typed))]  # fmt: skip
        return found


def _phrase(found: list[list[int]]) -> bool:
    """The terms (two or more) one after another: `Matcher.positions`'s `found`."""
    if len(found) < 2 or not all(found):
        return False
    later = [set(positions) for positions in found]
    return any(all(i + j in later[j] for j in range(1, len(found))) for i in found[0])


def _nearness(found_in_texts: list[list[list[int]]]) -> int:
    """2: the words one after another in one of the texts (`Matcher.positions` of each);
    1: all of them within `NEAR_WORDS` words; else 0 (and for a single word)."""
    nearness = 0
    for found in found_in_texts:
        if len(found) < 2 or not all(found):
            continue
        if _phrase(found):
            return 2
        if _span(found) <= NEAR_WORDS:
            nearness = 1
    return nearness


def _span(positions: list[list[int]]) -> int:
    """The fewest words holding one position of each list."""
    merged = sorted((i, j) for j, found in enumerate(positions) for i in found)
    last: dict[int, int] = {}
    best = len(merged) + max(i for i, _ in merged)
    for i, j in merged:
        last[j] = i
        if len(last) == len(positions):
            best = min(best, i - min(last.values()) + 1)
    return best


def _rarity(conn, query: Query) -> list[float]:
    """Each term's inverse document frequency (bm25's, as FTS5 computes it)."""
    vocabulary = Vocabulary(conn)
    rows = vocabulary.rows()
    found = vocabulary.documents(sorted({w for t in query.terms for w in t.forms()}))
    rarity = []
    for term in query.terms:
        documents = min(rows, sum(found.get(word, 0) for word in term.forms()))
        rarity.append(max(1e-6, math.log((rows - documents + 0.5) / (documents + 0.5))))
    return rarity


def _in_chunks(conn, sql: str, ids: list[int], size: int = 500) -> list[tuple]:
    """`sql`'s rows for `ids` (its `{marks}`), a statement per `size` ids."""
    rows = []
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        rows += conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
    return rows


def _title_ids(conn, table: str, match: str, filters: Filters) -> list[int]:
    """The first `TITLE_SAMPLE` rows (rowid order) whose title (heading) holds the words:
    from the index of titles alone (pipeline/store.py), whose word lists are short."""
    fts = f"{table}_titles_fts"
    if not conn.execute("select 1 from sqlite_master where name = ?", [fts]).fetchone():
        fts, match = f"{table}_fts", f"{TITLE_COLUMN[table]}: ({match})"  # an older file
    join, where, params = _filtered(conn, table, filters, fts)
    sql = (f"select {fts}.rowid from {fts}{join} where {fts} match :match{where}"
           f" order by {fts}.rowid limit {TITLE_SAMPLE}")  # fmt: skip
    return [rowid for (rowid,) in conn.execute(sql, {**params, "match": match})]


def ranked(
    conn: sqlite3.Connection,
    table: str,
    query: Query,
    filters: Filters,
    match: str,
    ids: list[int],
) -> list[dict]:
    """The best rows of `table` matching `match` (`ids`: `matching`'s), best first: the
    best by score (of a sample when they are many) and the first whose title (heading)
    holds the words, ordered by `_rank_key`."""
    if not query.terms:
        return []
    scores = _candidates(conn, table, query, match, filters, ids)
    if not scores:
        return []
    # the marks as typed are looked for in the start of the text; a page's rows get theirs
    text = f"substr(t.{TEXT[table]}, 1, {EXACT_CHARS})" if query.marked else "null"
    sql = f"{SELECT[table].format(text=text)} from {table} t{JOIN[table]} where t.id in ({{marks}})"
    rows = [dict(zip(COLUMNS, (*row, scores[row[0]].score), strict=True))
            for row in _in_chunks(conn, sql, list(scores))]  # fmt: skip
    matcher = Matcher(query)
    for row in rows:
        row["key"] = _rank_key(row, query, matcher, scores[row["id"]])
    rows.sort(key=lambda row: row["key"])
    return rows


COLUMNS = [
    "id", "url", "title", "published", "site", "site_id", "place", "authors", "lesson_count",
    "title_folded", "names_folded", "article_id", "article_title", "kind", "topic", "marker",
    "text", "score",
]  # fmt: skip


def _rank_key(row: dict, query: Query, matcher: Matcher, scored: Scored) -> tuple:
    folded, title = scored.title_words, scored.title
    if query.marked:  # a word typed with diacritics: with those
        title = matcher.positions(folded, _marked_words(row, folded))
    in_title = sum(
        bool(found) or _split_in(term, folded)
        for term, found in zip(query.terms, title, strict=True)
    )
    return (
        -_phrase(title),
        -_phrase(scored.names),  # an author, a place; a lesson: its article's title too
        -(in_title == len(query.terms)),
        -(query.marked and _has_marks_as_typed(query, row)),
        -scored.nearness,
        -in_title,
        -in_title / max(1, len(set(folded))),  # of two titles with the words, the shorter
        -all(
            bool(found) or _split_in(term, scored.names_words)
            for term, found in zip(query.terms, scored.names, strict=True)
        ),
        scored.score,
    )


def _with_text(conn: sqlite3.Connection, table: str, rows: list[dict]) -> list[dict]:
    """`rows` with the start of their text (`SNIPPET_SOURCE_CHARS`): what a page shows."""
    text = f"substr({TEXT[table]}, 1, {SNIPPET_SOURCE_CHARS})"
    sql = f"select id, {text} from {table} where id in ({{marks}})"
    texts = dict(_in_chunks(conn, sql, [row["id"] for row in rows]))
    return [{**row, "text": texts.get(row["id"])} for row in rows]


def _marked_words(row: dict, folded: list[str]) -> list[str]:
    """The title's (heading's) words as written, lower case, beside its `folded` words."""
    marked = WORDS.findall(normalize(row["title"] or "").lower())
    return marked if len(marked) == len(folded) else folded


def _split_in(term: Term, words: list[str]) -> bool:
    """Two words typed as one ("dangvien") found as the two words."""
    return bool(term.split) and f" {term.split[0]} {term.split[1]} " in f" {' '.join(words)} "


def _has_marks_as_typed(query: Query, row: dict) -> bool:
    """Every typed word with diacritics occurs in the row as typed (tone placement and case
    aside)."""
    text = normalize(f"{row['title'] or ''} {(row['text'] or '')[:EXACT_CHARS]}").lower()
    return all(word in text for word in WORDS.findall(query.text.lower()) if fold(word) != word)


def matching(conn: sqlite3.Connection, table: str, match: str, filters: Filters) -> list[int]:
    """The ids of the rows matching, in id order, up to `COUNT_LIMIT` + 1 (more than the
    limit): how many, and a sample when they are more."""
    join, where, params = _filtered(conn, table, filters)
    sql = (f"select {table}_fts.rowid from {table}_fts{join} where {table}_fts match :match"
           f"{where} order by 1 limit {COUNT_LIMIT + 1}")  # fmt: skip
    return [rowid for (rowid,) in conn.execute(sql, {**params, "match": match})]


def _filtered(
    conn, table: str, filters: Filters, fts: str | None = None
) -> tuple[str, str, dict[str, Any]]:
    """(join to `fts`, `T_fts` unless given, conditions, parameters) keeping the rows that
    pass `filters`: on the build's facet codes when they hold every filtered column (a
    narrow table of integers, ~3x faster than the rows), else on the rows."""
    fts = fts or f"{table}_fts"
    if not filters.items():
        return "", "", {}
    groups = _facet_groups(conn, table)
    coded = {column: code for code, columns in groups.items() for column in columns}
    if not set(filters.items()) <= set(coded):
        where, params = filters.where(table)
        return f" join {table} t on t.id = {fts}.rowid", where, params
    conditions, params = [], {}
    for name, value in filters.items().items():
        code = coded[name]
        conditions.append(
            f"c.{code} in (select code from _{table}_facet_sets_{code} where [{name}] = :f_{name})"
        )
        params[f"f_{name}"] = value
    join = f" join _{table}_facets c on c.id = {fts}.rowid"
    return join, "".join(f" and {c}" for c in conditions), params


FACET_VALUES = 15
# Matches the filters' values are counted in: past this, the counts are estimates (scaled
# from these, `_coded_counts`), so a common word costs the same at 100k and 2M lessons.
FACET_SAMPLE = 10_000


def facets(conn: sqlite3.Connection, match: str, filters: Filters) -> tuple[dict[str, list], bool]:
    """Lessons found, counted by each filter's values: [(value, count)], most first; and
    whether the counts are estimates (`FACET_SAMPLE`)."""
    counts, estimated = facet_counts(conn, match, filters)
    return top_values(counts), estimated


def top_values(counts: dict[str, dict]) -> dict[str, list]:
    """Each filter's `FACET_VALUES` most found values, most first; every year (a few dozen
    at most, which the page lists by year)."""
    return {
        name: sorted(counts[name].items(), key=lambda item: (-item[1], str(item[0])))[
            : None if name == "year" else FACET_VALUES
        ]
        for name in FILTERS
    }


def facet_counts(
    conn: sqlite3.Connection, match: str, filters: Filters, code: str | None = None
) -> tuple[dict[str, dict], bool]:
    """({filter: {value: lessons found}}, estimated), of the columns of the facet code
    `code` only when given (`facet_codes`: each a statement of its own, which can run on a
    core of its own)."""
    groups = _facet_groups(conn, "lessons")
    if set(FILTERS) <= {c for columns in groups.values() for c in columns}:
        chosen = {name: columns for name, columns in groups.items() if code in (None, name)}
        return _coded_counts(conn, match, filters, chosen)
    else:  # a file without the build's facet codes
        where, params = filters.where("lessons")
        counts = {}
        for name in FILTERS:
            sql = (f"select t.[{name}], count(*) from lessons_fts join lessons t"
                   f" on t.id = lessons_fts.rowid where lessons_fts match :match{where}"
                   f" and t.[{name}] is not null group by t.[{name}]")  # fmt: skip
            counts[name] = dict(conn.execute(sql, {**params, "match": match}).fetchall())
    return counts, False


def facet_codes(conn: sqlite3.Connection) -> list[str | None]:
    """The lessons' facet codes; [None] (all filters at once) for a file without them."""
    return list(_facet_groups(conn, "lessons")) or [None]


def _facet_groups(conn: sqlite3.Connection, table: str) -> dict[str, list[str]]:
    """{code column of `_T_facets`: the columns of `table` its code stands for}: each row's
    combination of facet values as one integer (pipeline/store.py)."""
    groups = {}
    for (name,) in conn.execute(
        "select name from sqlite_master where name glob ?", [f"_{table}_facet_sets_c*"]
    ):
        columns = [row[1] for row in conn.execute(f"pragma table_info([{name}])")]
        groups[name.rsplit("_", 1)[1]] = [c for c in columns if c != "code"]
    return groups


def _coded_counts(
    conn, match: str, filters: Filters, groups: dict[str, list[str]]
) -> tuple[dict, bool]:
    """Counts per value from the matches' codes: one narrow join and one grouping of
    integers per group of columns instead of a wide join and a grouping per column. Of the
    first `FACET_SAMPLE` matches in id order; past them, each count scaled by how far into
    the ids the sample reached (ids are hashes: about evenly spread), an estimate."""
    _, where, params = _filtered(conn, "lessons", filters)
    params = {**params, "match": match}
    codes = " join _lessons_facets c on c.id = lessons_fts.rowid" if where else ""
    sample = (f"select lessons_fts.rowid as id from lessons_fts{codes} where lessons_fts"
              f" match :match{where} order by 1 limit {FACET_SAMPLE}")  # fmt: skip
    counts: dict[str, dict] = {name: {} for name in FILTERS}
    estimated = False
    for code, columns in groups.items():
        sql = (
            f"with m as materialized ({sample}),"
            f" g as (select f.{code} as code, count(*) as n from m"
            f" join _lessons_facets f on f.id = m.id group by f.{code})"
            f" select {', '.join(f's.[{c}]' for c in columns)}, g.n,"
            f" (select count(*) from m), (select max(id) from m) from g"
            f" join _lessons_facet_sets_{code} s on s.code = g.code"
        )
        for *values, n, sampled, last in conn.execute(sql, params):
            if sampled >= FACET_SAMPLE:
                n, estimated = round(n * ID_SPACE["lessons"] / (last + 1)), True
            for column, value in zip(columns, values, strict=True):
                if column in counts and value is not None:
                    counts[column][value] = counts[column].get(value, 0) + n
    return counts, estimated


NAMED = {
    "authors": "select a.id, a.name, count(aa.article_id) from authors a"
    " left join article_authors aa on aa.author_id = a.id group by a.id",
    "places": "select id, name, article_count from places",
    "organizations": "select id, name, article_count from organizations",
}
NAMES_SHOWN = 8
# (file, table, rows, last id) -> [(id, name, articles, folded name)]
_folded_names: dict[tuple, list[tuple]] = {}


def names(conn: sqlite3.Connection, query: Query) -> dict[str, list[dict]]:
    """Authors, places and organisations whose name holds every word typed (the last as a
    prefix), most cited first. The published file does not change: names are folded once."""
    if not query.terms:
        return {}
    (file,) = [row[2] for row in conn.execute("pragma database_list") if row[1] == "main"]
    found = {}
    for table, sql in NAMED.items():
        # the file's path may be hidden (plugins/sql_authorizer.py): its size tells files apart
        key = (file, table, *conn.execute(f"select count(*), max(id) from {table}").fetchone())
        if key not in _folded_names:
            _folded_names[key] = [(*row, fold(row[1])) for row in conn.execute(sql)]
        hits = [
            {"id": ident, "name": name, "articles": articles or 0}
            for ident, name, articles, folded in _folded_names[key]
            if all(t.found_in(set(WORDS.findall(folded)), folded) for t in query.terms)
        ]
        hits.sort(key=lambda hit: (-hit["articles"], hit["name"]))
        if hits:
            found[table] = hits[:NAMES_SHOWN]
    return found


@dataclass
class Results:
    query: Query
    filters: Filters
    page: int
    counts: dict[str, int]
    hits: dict[str, list[dict]]
    facets: dict[str, list]
    timed_out: bool = False
    relaxed: set[str] = field(default_factory=set)  # tables where one word could be missing
    names: dict[str, list[dict]] = field(default_factory=dict)  # authors, places, organizations
    facets_estimated: bool = False  # `FACET_SAMPLE`

    @property
    def pages(self) -> int:
        return page_count(self.counts)

    @property
    def capped(self) -> set[str]:
        """Tables with more than `COUNT_LIMIT` matches (their count says "more than")."""
        return {table for table, n in self.counts.items() if n > COUNT_LIMIT}

    @property
    def shown_counts(self) -> dict[str, int]:
        return {table: min(n, COUNT_LIMIT) for table, n in self.counts.items()}


def page_count(counts: dict[str, int]) -> int:
    shown = max(min(c, CANDIDATES) for c in counts.values()) if counts else 0
    return max(1, -(-shown // PAGE_SIZE))


def search(
    conn: sqlite3.Connection,
    text: str | None,
    filters: Filters | None = None,
    page: int = 1,
    with_facets: bool = True,
) -> Results:
    """Articles and lessons for `text`, best first, `PAGE_SIZE` of each on `page`."""
    filters = filters or Filters()
    query = parse(text, Vocabulary(conn))
    hits, counts, relaxed, matches, ids = {}, {}, set(), {}, {}
    for table in ("articles", "lessons"):
        if not query.terms:
            hits[table], counts[table] = [], 0
            continue
        matches[table] = query.match()
        ids[table] = matching(conn, table, matches[table], filters)
        if len(ids[table]) < RELAX_BELOW and len(query.terms) >= RELAX_MIN_WORDS:
            matches[table] = query.all_but_one()
            ids[table] = matching(conn, table, matches[table], filters)
            relaxed.add(table)
        counts[table] = len(ids[table])
    first_page = page <= 1  # names head the first page asked for, not one clamped to it
    page = min(max(1, page), page_count(counts))  # past the last page: the last page
    for table in matches:
        rows = ranked(conn, table, query, filters, matches[table], ids[table])
        hits[table] = _with_text(conn, table, rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    found, estimated = {}, False
    if with_facets and counts.get("lessons"):
        found, estimated = facets(conn, matches["lessons"], filters)
    named = names(conn, query) if first_page else {}
    return Results(
        query, filters, page, counts, hits, found, relaxed=relaxed, names=named,
        facets_estimated=estimated,
    )  # fmt: skip


async def search_database(db: Any, args: Any, with_facets: bool = True) -> Results:
    """`search` on a Datasette database for a request's arguments (q, page, filters), on its
    read threads: the results on one, each facet code's counts on another (they cost as
    much as the search at 100k lessons); each within `TIME_LIMIT_MS` (then: no results and
    `timed_out`, or no facets)."""
    text = args.get("q") or ""
    page = args.get("page") or "1"
    page = min(int(page), 1000) if page.isdigit() else 1
    filters = Filters.from_args(args)

    def found(conn: sqlite3.Connection) -> Results:
        return search(conn, text, filters, page, with_facets=False)

    def counted(code: str | None):
        return lambda conn: facet_counts(conn, parse(text, Vocabulary(conn)).match(), filters, code)

    codes = await db.execute_fn(facet_codes) if with_facets and parse(text).terms else []
    jobs = [found, *map(counted, codes)]
    results, *parts = await asyncio.gather(*(db.execute_fn(_time_limited(job)) for job in jobs))
    if results is None:
        return Results(parse(text), filters, page, {}, {}, {}, timed_out=True)
    if results.counts.get("lessons") and parts and None not in parts:
        if "lessons" in results.relaxed:  # counted for every word: count for all but one
            relaxed = results.query.all_but_one()
            parts = [
                await db.execute_fn(_time_limited(lambda c: facet_counts(c, relaxed, filters)))
            ]
        if None not in parts:
            counts = [counted for counted, _ in parts]
            results.facets = top_values({name: _merged(counts, name) for name in FILTERS})
            results.facets_estimated = any(estimated for _, estimated in parts)
    return results


def _time_limited(job):
    """`job(conn)` within `TIME_LIMIT_MS`, or None."""
    from datasette.utils import sqlite_timelimit

    def run(conn: sqlite3.Connection):
        with sqlite_timelimit(conn, TIME_LIMIT_MS):
            try:
                return job(conn)
            except sqlite3.OperationalError as error:
                if "interrupted" not in str(error):
                    raise
                return None

    return run


def _merged(parts: list[dict[str, dict]], name: str) -> dict:
    return {value: n for part in parts for value, n in part.get(name, {}).items()}


def as_json(results: Results) -> dict[str, Any]:
    """What `/-/search.json` answers: machine values (ISO dates), best first."""
    common = ["id", "url", "title", "published", "site", "site_id", "place", "authors"]
    fields = {
        "articles": common + ["lesson_count"],
        "lessons": common + ["article_id", "article_title", "marker", "kind", "topic", "text"],
    }
    body: dict[str, Any] = {
        "q": results.query.text,
        "words": [asdict(term) for term in results.query.terms],
        "filters": results.filters.items(),
        "page": results.page,
        "pages": results.pages,
        "counts": results.shown_counts,
        "counts_capped": sorted(results.capped),  # more than `count_limit` match
        "count_limit": COUNT_LIMIT,
        "missing_one_word": sorted(results.relaxed),
    }
    for table, names in fields.items():
        body[table] = [{name: hit[name] for name in names} for hit in results.hits.get(table, [])]
    body["facets"] = {
        name: [list(pair) for pair in pairs] for name, pairs in results.facets.items()
    }
    body["facets_estimated"] = results.facets_estimated  # counted in a sample, scaled
    body["names"] = results.names
    body["message"] = message(results)
    return body


def message(results: Results) -> str | None:
    """A line for the reader when there is nothing to show, in Vietnamese."""
    if results.timed_out:
        return "Tìm kiếm mất quá nhiều thời gian; hãy thêm từ hoặc chọn bộ lọc."
    if not results.query.terms:
        return "Hãy nhập từ cần tìm, có dấu hay không dấu đều được (ví dụ: phat trien dang vien)."
    if not any(results.counts.values()):
        return "Không tìm thấy bài viết hay bài học nào. Hãy thử ít từ hơn hoặc bỏ bớt bộ lọc."
    return None


# --- showing a result ---------------------------------------------------------------------


def folded_chars(text: str) -> str:
    """`fold` character by character, so positions in the result are positions in `text`."""
    return "".join(f if len(f := fold(c)) == 1 else c.lower()[:1] or c for c in text)


def snippet(text: str | None, query: Query, size: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """About `size` characters of `text` around the first word found, as (text, is a match)
    pieces (the page marks matches without marking crawled text safe)."""
    text = " ".join((text or "").split())
    folded = folded_chars(text)
    pattern = word_pattern(query)
    first = pattern.search(folded) if pattern else None
    start = first.start() if first else 0
    begin = max(0, start - size // 3)
    if begin:
        begin = text.rfind(" ", 0, begin) + 1
    end = min(len(text), begin + size)
    if end < len(text) and text.rfind(" ", begin, end) > begin:
        end = text.rfind(" ", begin, end)
    pieces = highlight(text[begin:end], pattern)
    if begin:
        pieces.insert(0, ("… ", False))
    if end < len(text):
        pieces.append((" …", False))
    return pieces


def word_pattern(query: Query) -> re.Pattern | None:
    """The query's words (and their alternatives) in folded text; the prefix word as a
    word start."""
    options = []
    for term in query.terms:
        options.append(re.escape(term.word) + (r"\w*" if term.prefix else r"\b"))
        options += [re.escape(alt) + r"\b" for alt in term.alternatives]
        if term.split:
            options.append(re.escape(" ".join(term.split)) + r"\b")
    return re.compile(r"\b(?:" + "|".join(options) + ")") if options else None


def highlight(text: str | None, pattern: re.Pattern | None) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is a query word) pieces."""
    text = text or ""
    if not pattern:
        return [(text, False)]
    folded = folded_chars(text)
    pieces, last = [], 0
    for match in pattern.finditer(folded):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((text[match.start() : match.end()], True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def people_date(published: str | None) -> str:
    """2019-09-24T14:35:00+07:00 -> 24/09/2019 (as readers write dates)."""
    match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", published or "")
    if not match:
        return ""
    year, month, day = match.groups()
    return f"{day}/{month}/{year}" if day else f"{month}/{year}"
