"""`.atom` feeds (the `new_lessons` query) with one `<author>` per co-author: Atom allows
several, datasette-atom writes one (`atom_author_name`). The feed is datasette-atom's;
when the query also gives `atom_authors`, a JSON list of names, each entry's authors are
those names (an empty list: `atom_author_name` stays). Read-only."""

import json

from datasette import hookimpl
from datasette_atom import can_render_atom, render_atom
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


def with_authors(feed: bytes, authors: dict[str, list[str]]) -> bytes:
    """`feed` with the `<author>`s of each entry named in `authors` (by `<id>`) replaced."""
    root = etree.fromstring(feed)
    for entry in root.iterfind(f"{ATOM}entry"):
        names = authors.get(entry.findtext(f"{ATOM}id"))
        if not names:
            continue
        old = entry.findall(f"{ATOM}author")
        place = entry.index(old[0]) if old else len(entry)
        for element in old:
            entry.remove(element)
        for offset, name in enumerate(names):
            author = etree.Element(f"{ATOM}author")
            etree.SubElement(author, f"{ATOM}name").text = name
            entry.insert(place + offset, author)
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def render(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
    response = render_atom(
        datasette, request, sql, columns, rows, database, table, query_name, view_name, data
    )
    if response.status != 200 or "atom_authors" not in columns:
        return response
    authors = {str(row["atom_id"]): json.loads(row["atom_authors"] or "[]") for row in rows}
    response.body = with_authors(response.body, authors)
    return response


# called after datasette-atom's hook, so this renderer of `.atom` is the one kept
@hookimpl(trylast=True)
def register_output_renderer():
    return {"extension": "atom", "render": render, "can_render": can_render_atom}
