"""A table page's export links (JSON, CSV, CSV for Excel, the export form: templates/table.html
`kn_export`, `kn_export_args`) leave out the search-only copies of the text (`*_folded`), as
the page itself does: each such column shown is named in a `_nocol=`. A column the request
names in `_col=` (an analyst asking for it) stays in; the bare `.csv`/`.json` URLs keep
every column. Read-only."""

from urllib.parse import urlencode

from datasette import hookimpl

from pipeline.store import is_internal


def left_out(columns: list[str], asked: list[str]) -> list[tuple[str, str]]:
    """`_nocol` arguments for the internal `columns` not asked for by name."""
    return [("_nocol", column) for column in columns if is_internal(column) and column not in asked]


@hookimpl
def extra_template_vars(view_name, columns, request):
    if view_name != "table" or request is None:
        return None
    args = left_out(columns or [], request.args.getlist("_col"))

    def export(url: str) -> str:
        if not args:
            return url
        return url + ("&" if "?" in url else "?") + urlencode(args)

    return {"kn_export": export, "kn_export_args": args}
