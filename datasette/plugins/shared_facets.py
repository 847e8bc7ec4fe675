"""A table's default facets computed together. Read-only.

Datasette's column facet runs one query per facet, and each repeats the whole filter: on a
`?_search=` term found in 90% of 100,000 lessons that is the FTS match, ~90,000 rowid seeks
and a sort, ~60 ms, five times over. Facets configured in metadata as `{"shared": column}`
are counted here from one statement that reads the matching rows' facet columns once
(`with shard as materialized (...)`) and groups each column; for large results the rows are
split at the middle primary key into two statements run on two of Datasette's SQL threads.
When the rows are the whole table or one search of it and the build wrote the table's facet
codes (`_T_facets`: per group of facet columns, each row's combination of their values as one
integer, listed in `_T_facet_sets_cN`; pipeline/store.py), each group is one statement that
joins the FTS matches to those codes and groups one integer instead of each column; the
groups run on two SQL threads: 160 ms -> 35 ms (plain SQLite) on that search. Counts, order
(count desc, value), JSON and HTML are those of `?_facet=column` (tests/test_datasette.py
compares them). Numbers: benchmarks/README.md, "Search".
"""

import asyncio
import re
from collections import Counter

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

SHARD_MIN_ROWS = 20_000  # below this one statement beats two threads
_middle_keys: dict[tuple, object] = {}  # (database, table) -> split key; any key is correct
_codes_by_file: dict[tuple, dict] = {}  # (file, table) -> {column: (code, sets table)}
# Datasette's ?_search= clause: `pk in (select rowid from FTS where FTS match ...)`
SEARCH_CLAUSE = re.compile(r"(in \(select rowid from (\S+) where )(\2 match )")
# A table page filtered by nothing but one search clause (?_search= or ?_search_column=)
# on Datasette's default fts_pk, rowid: the key `_T_facets.id` holds
ONLY_SEARCH = re.compile(
    r"select .+? from (?P<table>\S+) (?:where rowid in \((?P<search>select rowid from \S+"
    r" where \S+ match (?::search\w*|escape_fts\(:search\w*\)))\) ?)?",
    re.DOTALL,
)


@hookimpl
def register_facet_classes() -> list[type]:
    return [SharedColumnFacet]


def sqlite_order(value: object) -> tuple[int, object]:
    """SQLite's ORDER BY for values of one column: numbers, then text, then blobs."""
    rank = 0 if isinstance(value, int | float) else 1 if isinstance(value, str) else 2
    return rank, value


class SharedColumnFacet(ColumnFacet):
    type = "shared"

    async def suggest(self):
        return []

    async def facet_results(self):
        configs = self.get_configs()
        columns = [c["config"].get("column") or c["config"]["simple"] for c in configs]
        if not columns:
            return [], []
        try:
            counts = await self._counts(columns)
        except QueryInterrupted:
            return [], columns
        results = [
            await self._facet_info(column, counts[column], config["source"])
            for column, config in zip(columns, configs, strict=True)
        ]
        return results, []

    async def _counts(self, columns: list[str]) -> dict[str, Counter]:
        groups = await self._code_groups(columns)
        if groups:
            statements = [self._code_counts(columns, *group) for group in groups.items()]
        else:
            statements = [self._shard_counts(columns, *shard) for shard in await self._shards()]
        merged = {column: Counter() for column in columns}
        for rows in await asyncio.gather(*statements):
            for index, value, count in rows:
                merged[columns[index]][value] += count
        return merged

    async def _shards(self) -> list[tuple[str, dict]]:
        whole = [("", "", {})]
        if not self.table or not isinstance(self.params, dict):
            return whole
        if (self.row_count or 0) < SHARD_MIN_ROWS:
            return whole
        db = self.ds.get_database(self.database)
        pks = await db.primary_keys(self.table)
        if len(pks) != 1:
            return whole
        middle = await self._middle_key(db, pks[0])
        pk = escape_sqlite(pks[0])
        split = {"_shard_key": middle}
        return [(op, f"where {pk} {op} :_shard_key", split) for op in ("<", ">=")]

    async def _middle_key(self, db, pk: str):
        key = (self.database, self.table)
        if key not in _middle_keys:
            table, pk = escape_sqlite(self.table), escape_sqlite(pk)
            half = f"(select count(*) / 2 from {table})"
            sql = f"select {pk} from {table} order by {pk} limit 1 offset {half}"
            rows = (await db.execute(sql)).rows
            _middle_keys[key] = rows[0][0] if rows else 0
        return _middle_keys[key]

    async def _shard_counts(self, columns: list[str], op: str, where: str, split: dict) -> list:
        names = [escape_sqlite(c) for c in columns]
        groups = " union all ".join(
            f"select {i}, {n} as value, count(*) from shard where {n} is not null group by {n}"
            for i, n in enumerate(names)
        )
        rows_sql = self.sql
        if op:  # the search itself reads only this shard's rowids (FTS5 uses the range)
            rows_sql = SEARCH_CLAUSE.sub(rf"\1rowid {op} :_shard_key and \3", rows_sql)
        shard = f"select {', '.join(names)} from ({rows_sql}) {where}"
        sql = f"with shard as materialized ({shard}) {groups}"
        params = {**self.params, **split} if split else self.params
        return await self._facet_rows(sql, params, len(columns))

    async def _facet_rows(self, sql: str, params: dict, facets: int) -> list[tuple]:
        limit = self.ds.setting("facet_time_limit_ms") * facets  # the facets' budget
        results = await self.ds.execute(
            self.database, sql, params, truncate=False, custom_time_limit=limit
        )
        return [tuple(row) for row in results.rows]

    async def _code_groups(self, columns: list[str]) -> dict[str, tuple[str, list[str]]]:
        """{code column of `_T_facets`: (its `_T_facet_sets_...` table, the requested columns
        it codes)} if the rows are the whole table or one search of it and the build wrote
        codes for every requested column (pipeline/store.py, `create_facet_codes`); else {}."""
        match = ONLY_SEARCH.fullmatch(self.sql)
        if not self.table or not match or match["table"] != escape_sqlite(self.table):
            return {}
        coded = await self._coded_columns()
        if not set(columns) <= set(coded):
            return {}
        groups: dict[str, tuple[str, list[str]]] = {}
        for column in columns:
            code, sets = coded[column]
            groups.setdefault(code, (sets, []))[1].append(column)
        return groups

    async def _coded_columns(self) -> dict[str, tuple[str, str]]:
        """{column: (code column, sets table)} of this table, read once per file: the
        schema of a published file does not change."""
        db = self.ds.get_database(self.database)
        key = (db.path, self.table)
        if key not in _codes_by_file:
            coded = {}
            if await db.table_exists(f"_{self.table}_facets"):
                for code in await db.table_columns(f"_{self.table}_facets"):
                    sets = f"_{self.table}_facet_sets_{code}"
                    if code != "id" and await db.table_exists(sets):
                        columns = await db.table_columns(sets)
                        coded.update({c: (code, sets) for c in columns if c != "code"})
            _codes_by_file[key] = coded
        return _codes_by_file[key]

    async def _code_counts(self, columns, code: str, group: tuple[str, list[str]]) -> list:
        """Rows per code of one group (the FTS doclist joined to the narrow `_T_facets` by
        rowid, or all of it), then per value of each of the group's columns."""
        sets, wanted = group
        search = ONLY_SEARCH.fullmatch(self.sql)["search"]
        codes, code, sets = (escape_sqlite(n) for n in (f"_{self.table}_facets", code, sets))
        rows = f"({search}) f join {codes} c on c.id = f.rowid" if search else f"{codes} c"
        grouped = f"select c.{code} as code, count(*) as n from {rows} group by c.{code}"
        # one join to the combinations (joining in each branch costs a scan of them each)
        decoded = f"select s.*, g.n as _facet_rows from g join {sets} s on s.code = g.code"
        sql = f"with g as materialized ({grouped}), d as materialized ({decoded}) "
        sql += " union all ".join(
            f"select {columns.index(c)}, {escape_sqlite(c)}, sum(_facet_rows) from d"
            f" where {escape_sqlite(c)} is not null group by {escape_sqlite(c)}"
            for c in wanted
        )
        return await self._facet_rows(sql, self.params, len(columns))

    async def _facet_info(self, column: str, counts: Counter, source: str) -> dict:
        facet_size = self.get_facet_size()
        ordered = sorted(counts.items(), key=lambda item: (-item[1], sqlite_order(item[0])))
        shown = ordered[:facet_size]
        expanded = {}
        if self.table:
            values = [value for value, _ in shown]
            expanded = await self.ds.expand_foreign_keys(self.database, self.table, column, values)
        qs_pairs = self.get_querystring_pairs()
        column_qs = f"{column}__exact" if column.startswith("_") else column
        results = []
        for value, count in shown:
            selected = (column_qs, str(value)) in qs_pairs
            if selected:
                toggle = path_with_removed_args(self.request, {column_qs: str(value)})
            else:
                toggle = path_with_added_args(self.request, {column_qs: value})
            results.append({
                "value": value, "label": expanded.get((column, value), value), "count": count,
                "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                "selected": selected,
            })  # fmt: skip
        return {
            "name": column, "type": "column", "hideable": source != "metadata",
            "toggle_url": self.ds.urls.path(
                path_with_removed_args(self.request, {f"_facet_{self.type}": column})
            ),
            "results": results, "truncated": len(ordered) > facet_size,
        }  # fmt: skip
