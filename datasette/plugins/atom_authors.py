"""`.atom` feeds (the `new_lessons` query) with one `<author>` per co-author: Atom allows
several, datasette-atom writes one (`atom_author_name`). The feed is datasette-atom's;
when the query also gives `atom_authors`, a JSON list of names, each entry's authors are
those names (an empty list: `atom_author_name` stays). Links to this site's pages are
absolute (a reader fetching the feed elsewhere resolves them) and entry titles begin with a
capital (a lesson's heading is the rest of a sentence after its marker). Read-only."""

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


def readable(feed: bytes, base: str) -> bytes:
    """`feed` with its entries' links to this site made absolute on `base` and their
    titles beginning with a capital letter."""
    root = etree.fromstring(feed)
    for entry in root.iterfind(f"{ATOM}entry"):
        for link in entry.iterfind(f"{ATOM}link"):
            if (link.get("href") or "").startswith("/"):
                link.set("href", base + link.get("href"))
        title = entry.find(f"{ATOM}title")
        if title is not None and title.text:
            title.text = title.text[:1].upper() + title.text[1:]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def render(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
    response = render_atom(
        datasette, request, sql, columns, rows, database, table, query_name, view_name, data
    )
    if response.status != 200:
        return response
    if "atom_authors" in columns:
        authors = {str(row["atom_id"]): json.loads(row["atom_authors"] or "[]") for row in rows}
        response.body = with_authors(response.body, authors)
    response.body = readable(response.body, datasette.absolute_url(request, "/").rstrip("/"))
    return response


# called after datasette-atom's hook, so this renderer of `.atom` is the one kept
@hookimpl(trylast=True)
def register_output_renderer():
    return {"extension": "atom", "render": render, "can_render": can_render_atom}
