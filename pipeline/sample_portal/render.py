"""Render the bundled sample portal: a static copy of a Gia Lai district portal.

The content lives in ``content/*.yaml`` (articles written for this project, with the record
each one should extract to under ``expected``). ``render_site(out_dir)`` writes the static site;
any plain static HTTP server can then serve ``out_dir`` (directories are served via
``index.html``). Nothing here touches the network.

URL scheme (all paths absolute from the site root):

- ``/index.html`` home page; ``/gioi-thieu/``, ``/lien-he/``, ``/admin/`` are not articles
  (``/admin/`` is disallowed by ``/robots.txt``);
- ``/<category-slug>/`` first listing page, ``/<category-slug>/trang-<n>/`` the next ones,
  10 articles per page, newest first;
- ``/<category-slug>/<article-slug>.html`` one article.
"""

from __future__ import annotations

import datetime as dt
import html
import pathlib
import unicodedata
from dataclasses import dataclass
from string import Template
from typing import Any

import yaml

CONTENT_DIR = pathlib.Path(__file__).with_name("content")

SITE_NAME = "Cổng thông tin điện tử huyện Ia Grai"
DATE_LINE = "Thứ hai, 11/12/2023 08:15"  # fixed header clock: never an article's date
PAGE_SIZE = 10
RELATED_COUNT = 5
LATEST_COUNT = 8
BREADCRUMB_TITLE_CHARS = 150  # the portal cuts long titles mid-word, without an ellipsis

# name -> slug, in menu order
CATEGORIES: dict[str, str] = {
    "Tin tức": "tin-tuc",
    "Xây dựng Đảng": "xay-dung-dang",
    "Bảo vệ nền tảng tư tưởng của Đảng": "bao-ve-nen-tang-tu-tuong-cua-dang",
    "Gương điển hình": "guong-dien-hinh",
}
PARENT_CATEGORY = "Tin tức"  # the other categories are its sub-menus

BYLINE_STYLES = ("right", "photo", "pair", "theo", "nguon", "title", "agency", "nbsp")

EXTRA_PAGES: dict[str, tuple[str, str]] = {
    "/gioi-thieu/": ("Giới thiệu", "gioi-thieu"),
    "/lien-he/": ("Liên hệ", "lien-he"),
}


@dataclass(frozen=True)
class Block:
    """One body paragraph. ``kind``: text | strong (whole paragraph bold) | caption (photo)."""

    kind: str
    text: str


@dataclass(frozen=True)
class SampleArticle:
    slug: str
    category: str
    title: str
    date: dt.date
    time: str | None
    sapo: str
    body: tuple[Block, ...]
    byline_style: str | None
    byline: str | None
    bold_markers: bool
    expected: dict[str, Any]

    @property
    def category_slug(self) -> str:
        return CATEGORIES[self.category]

    @property
    def url_path(self) -> str:
        return f"/{self.category_slug}/{self.slug}.html"

    @property
    def date_text(self) -> str:
        day = self.date.strftime("%d/%m/%Y")
        return f"{day} {self.time}" if self.time else day

    @property
    def published(self) -> str:
        if not self.time:
            return self.date.isoformat()
        return f"{self.date.isoformat()}T{self.time}:00+07:00"

    @property
    def breadcrumb(self) -> list[str]:
        return breadcrumb_names(self.category)

    @property
    def paragraphs(self) -> list[str]:
        """Body paragraphs of the article text (sapo, captions and byline excluded)."""
        return [b.text for b in self.body if b.kind != "caption"]

    def expected_record(self, base_url: str = "") -> dict[str, Any]:
        """The fields of the record ``nlp.extract`` should produce for this page."""
        exp = self.expected
        kind = exp.get("lesson_kind", "bài học")
        lessons = [
            {"ordinal": i, "marker": le["marker"], "heading": le["heading"], "kind": kind}
            for i, le in enumerate(exp.get("lessons") or [], start=1)
        ]
        return {
            "url": base_url.rstrip("/") + self.url_path,
            "title": self.title,
            "published": self.published,
            "authors": list(exp.get("authors") or []),
            "author_titles": dict(exp.get("author_titles") or {}),
            "source": exp.get("source"),
            "breadcrumb": self.breadcrumb,
            "lessons": lessons,
        }


def breadcrumb_names(category: str) -> list[str]:
    if category == PARENT_CATEGORY:
        return ["Trang chủ", PARENT_CATEGORY]
    return ["Trang chủ", PARENT_CATEGORY, category]


# --------------------------------------------------------------------------- loading


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def _block(raw: str | dict[str, str]) -> Block:
    if isinstance(raw, str):
        return Block("text", _nfc(raw))
    ((kind, text),) = raw.items()
    if kind not in ("strong", "caption"):
        raise ValueError(f"unknown body block kind: {kind!r}")
    return Block(kind, _nfc(text))


def _article(raw: dict[str, Any]) -> SampleArticle:
    date = raw["date"]
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    byline = raw.get("byline") or {}
    style = byline.get("style")
    if style is not None and style not in BYLINE_STYLES:
        raise ValueError(f"{raw['slug']}: unknown byline style {style!r}")
    return SampleArticle(
        slug=raw["slug"],
        category=raw["category"],
        title=_nfc(raw["title"]),
        date=date,
        time=raw.get("time"),
        sapo=_nfc(raw["sapo"]),
        body=tuple(_block(p) for p in raw["body"]),
        byline_style=style,
        byline=_nfc(byline["text"]) if byline.get("text") else None,
        bold_markers=bool(raw.get("bold_markers", False)),
        expected=raw.get("expected") or {},
    )


def load_articles(content_dir: pathlib.Path = CONTENT_DIR) -> list[SampleArticle]:
    """All sample articles, newest first."""
    articles: list[SampleArticle] = []
    for path in sorted(content_dir.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            articles.append(_article(raw))
    return sorted(articles, key=_sort_key, reverse=True)


def _sort_key(a: SampleArticle) -> tuple[dt.date, str, str]:
    return (a.date, a.time or "", a.slug)


# --------------------------------------------------------------------------- fragments

e = html.escape

PAGE = Template("""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<link rel="stylesheet" href="/static/portal.css">
</head>
<body>
<div id="wrapper">
$header
<div class="container">
<div class="main-column">
$breadcrumb
$main
</div>
$sidebar
</div>
$footer
</div>
</body>
</html>
""")


def _header() -> str:
    items = ['<li><a href="/index.html">Trang chủ</a></li>']
    items.append('<li><a href="/gioi-thieu/">Giới thiệu</a></li>')
    for name, slug in CATEGORIES.items():
        items.append(f'<li><a href="/{slug}/">{e(name)}</a></li>')
    items.append('<li><a href="/lien-he/">Liên hệ</a></li>')
    menu = "\n".join(items)
    return f"""<div class="top-bar">
<span class="date-line">{e(DATE_LINE)}</span>
<span class="top-links"><a href="/lien-he/">Liên hệ</a> |
<a href="/index.html">Sơ đồ cổng</a></span>
</div>
<div class="banner"><a href="/index.html"><span class="site-name">{e(SITE_NAME.upper())}</span>
<span class="site-sub">Huyện ủy - HĐND - UBND huyện Ia Grai, tỉnh Gia Lai</span></a></div>
<nav class="main-menu"><ul>
{menu}
</ul></nav>"""


def _breadcrumb(category: str | None, last: str | None) -> str:
    parts = ['<a href="/index.html">Trang chủ</a>']
    if category is not None:
        for name in breadcrumb_names(category)[1:]:
            parts.append(f'<a href="/{CATEGORIES[name]}/">{e(name)}</a>')
    if last:
        parts.append(f'<span class="current">{e(last)}</span>')
    return '<div class="breadcrumb">' + " &gt; ".join(parts) + "</div>"


def _date_only(a: SampleArticle) -> str:
    return a.date.strftime("%d/%m/%Y")


def _dated_link(a: SampleArticle) -> str:
    """A list item "title (dd/mm/yyyy)" as in the "Tin mới" and "Tin liên quan" blocks."""
    date = f'<span class="date">({_date_only(a)})</span>'
    return f'<li><a href="{a.url_path}">{e(a.title)}</a> {date}</li>'


def _sidebar(latest: list[SampleArticle]) -> str:
    items = "\n".join(_dated_link(a) for a in latest)
    return f"""<aside class="sidebar">
<div class="box box-latest"><h3 class="box-title">Tin mới</h3>
<ul>
{items}
</ul></div>
<div class="box box-links"><h3 class="box-title">Liên kết website</h3>
<ul><li>Cổng thông tin điện tử tỉnh Gia Lai</li><li>Báo Gia Lai</li>
<li>Đài Phát thanh - Truyền hình Gia Lai</li></ul></div>
<div class="box box-counter"><h3 class="box-title">Thống kê truy cập</h3>
<ul>
<li>Hôm nay: 12</li>
<li>Tuần hiện tại: 341</li>
<li>Tháng hiện tại: 1.207</li>
<li>Năm hiện tại: 18.530</li>
<li>Tổng số lượt truy cập: 104.233</li>
<li>Số người on-line: 3</li>
</ul></div>
</aside>"""


FOOTER = """<footer class="site-footer">
<div class="copyright-info"><h3>Thông tin bản quyền</h3>
<ul>
<li>Cơ quan: Ủy ban nhân dân huyện Ia Grai - tỉnh Gia Lai</li>
<li>Địa chỉ: Thị trấn Ia Kha - huyện Ia Grai - tỉnh Gia Lai</li>
<li>Điện thoại: (0269) 3 845 120 - Fax: (0269) 3 845 121 - Email: banbientap.iagrai@example.vn</li>
<li>Người chịu trách nhiệm nội dung: Ông Rơ Mah Khang Phó Chủ tịch UBND huyện - \
Trưởng Ban Biên tập Cổng Thông tin điện tử</li>
<li>Giấy phép: 09/GP-TTĐT ngày 11/11/2020 của Sở Thông tin và Truyền thông</li>
</ul></div>
<div class="support"><h3>Hỗ trợ kỹ thuật</h3>
<p>Sđt: (0269) 3 845 120<br>Email: banbientap.iagrai@example.vn</p></div>
<p class="demo-note">Trang mẫu phục vụ thử nghiệm phần mềm kinhnghiem: nội dung và nhân vật \
là hư cấu.</p>
<p class="admin-link"><a href="/admin/">Đăng nhập quản trị</a></p>
<p class="copyright">Copyright © 2017</p>
</footer>"""


def _page(title: str, breadcrumb: str, main: str, latest: list[SampleArticle]) -> str:
    return PAGE.substitute(
        title=e(f"{title} - {SITE_NAME}" if title else SITE_NAME),
        header=_header(),
        breadcrumb=breadcrumb,
        main=main,
        sidebar=_sidebar(latest),
        footer=FOOTER,
    )


# --------------------------------------------------------------------------- article page


def _marker_prefix(a: SampleArticle, text: str) -> tuple[str, str] | None:
    """Split a paragraph that opens a lesson into (marker with punctuation, rest)."""
    for lesson in a.expected.get("lessons") or []:
        marker = lesson["marker"]
        if text.startswith(marker):
            cut = len(marker)
            if cut < len(text) and text[cut] in ",:":
                cut += 1
            return text[:cut], text[cut:]
    return None


def _paragraph(a: SampleArticle, block: Block) -> str:
    if block.kind == "strong":
        return f"<p><strong>{e(block.text)}</strong></p>"
    if block.kind == "caption":
        return (
            '<p style="text-align:center"><img src="/static/anh-minh-hoa.svg" '
            f'alt="{e(a.title)}" width="600" height="360"></p>\n'
            f'<p style="text-align:center"><em>{e(block.text)}</em></p>'
        )
    split = _marker_prefix(a, block.text) if a.bold_markers else None
    if split:
        return f"<p><strong>{e(split[0])}</strong>{e(split[1])}</p>"
    return f"<p>{e(block.text)}</p>"


def _byline_html(a: SampleArticle) -> str:
    if not a.byline_style or not a.byline:
        return ""
    text = e(a.byline)
    right = '<p style="text-align:right">'
    if a.byline_style in ("right", "pair", "title", "agency"):
        return f"<p>&nbsp;</p>\n{right}<strong>{text}</strong></p>"
    if a.byline_style in ("photo", "theo"):
        return f"{right}<em>{text}</em></p>"
    if a.byline_style == "nguon":
        return f"<p><em>{text}</em></p>"
    # "nbsp": pushed right with non-breaking spaces, as older CMS editors do
    return "<p>" + "&nbsp;" * 86 + f"<strong>{text}</strong></p>"


def _related(a: SampleArticle, same: list[SampleArticle]) -> list[SampleArticle]:
    others = [x for x in same if x.slug != a.slug]
    if not others:
        return []
    start = next((i for i, x in enumerate(others) if _sort_key(x) < _sort_key(a)), 0)
    ring = others[start:] + others[:start]
    return ring[:RELATED_COUNT]


def _article_main(a: SampleArticle, related: list[SampleArticle]) -> str:
    body = "\n".join(_paragraph(a, b) for b in a.body)
    byline = _byline_html(a)
    rel = "\n".join(_dated_link(r) for r in related)
    share_url = e(a.url_path)
    return f"""<div class="news-detail">
<h1 class="news-title">{e(a.title)}</h1>
<div class="news-date">Ngày đăng bài: {a.date_text}</div>
<div class="news-sapo"><p><strong>{e(a.sapo)}</strong></p></div>
<div class="news-content">
{body}
{byline}
</div>
<div class="share-buttons">Chia sẻ:
<a class="share-fb" href="https://www.facebook.com/sharer/sharer.php?u={share_url}">Facebook</a>
<a class="share-zalo" href="#zalo">Zalo</a>
<a class="share-mail" href="mailto:?subject={e(a.title)}">Gửi email</a>
<a class="share-print" href="javascript:window.print()">In bài viết</a>
</div>
<div class="related-news"><h3>Tin liên quan</h3>
<ul>
{rel}
</ul></div>
</div>"""


# --------------------------------------------------------------------------- listings


def listing_path(category: str, page: int) -> str:
    slug = CATEGORIES[category]
    return f"/{slug}/" if page == 1 else f"/{slug}/trang-{page}/"


def _pagination(category: str, page: int, n_pages: int) -> str:
    parts: list[str] = []
    if page > 1:
        parts.append(f'<a class="prev" href="{listing_path(category, page - 1)}">« Trang trước</a>')
    else:
        parts.append('<span class="prev disabled">« Trang trước</span>')
    for n in range(1, n_pages + 1):
        if n == page:
            parts.append(f'<span class="current">{n}</span>')
        else:
            parts.append(f'<a href="{listing_path(category, n)}">{n}</a>')
    if page < n_pages:
        parts.append(f'<a class="next" href="{listing_path(category, page + 1)}">Trang sau »</a>')
    else:
        parts.append('<span class="next disabled">Trang sau »</span>')
    return '<div class="pagination">' + "\n".join(parts) + "</div>"


def _news_item(a: SampleArticle) -> str:
    return f"""<div class="news-item">
<h3><a href="{a.url_path}">{e(a.title)}</a></h3>
<span class="date">{_date_only(a)}</span>
<p class="sapo">{e(a.sapo)}</p>
</div>"""


def _listing_main(category: str, items: list[SampleArticle], page: int, n_pages: int) -> str:
    news = "\n".join(_news_item(a) for a in items)
    return f"""<div class="category-page">
<h2 class="category-title">{e(category)}</h2>
<div class="news-list">
{news}
</div>
{_pagination(category, page, n_pages)}
</div>"""


def _home_main(articles: list[SampleArticle]) -> str:
    latest = "\n".join(_news_item(a) for a in articles[:PAGE_SIZE])
    blocks: list[str] = []
    for name, slug in CATEGORIES.items():
        top = [a for a in articles if a.category == name][:3]
        links = "\n".join(f'<li><a href="{a.url_path}">{e(a.title)}</a></li>' for a in top)
        blocks.append(
            f'<div class="home-category"><h2><a href="/{slug}/">{e(name)}</a></h2>\n'
            f'<ul>\n{links}\n</ul>\n<a class="more" href="/{slug}/">Xem tiếp</a></div>'
        )
    return (
        '<div class="home-page">\n<h2 class="category-title">Tin nổi bật</h2>\n'
        f'<div class="news-list">\n{latest}\n</div>\n' + "\n".join(blocks) + "\n</div>"
    )


# --------------------------------------------------------------------------- static pages

GIOI_THIEU = """<div class="static-page"><h1>Giới thiệu</h1>
<p>Huyện Ia Grai nằm ở phía tây bắc tỉnh Gia Lai, gồm thị trấn Ia Kha và 12 xã: Ia Bă,
Ia Chia, Ia Dêr, Ia Grăng, Ia Hrung, Ia Khai, Ia Krái, Ia O, Ia Pếch, Ia Sao, Ia Tô và Ia Yok.
Đồng bào Jrai chiếm gần một nửa dân số; cà phê, hồ tiêu, cao su là các cây trồng chính.</p>
<p>Cổng thông tin điện tử huyện được thành lập năm 2017, cung cấp thông tin chỉ đạo, điều hành
của Huyện ủy, HĐND, UBND huyện và tin tức hoạt động của các xã, thị trấn.</p>
</div>"""

LIEN_HE = """<div class="static-page"><h1>Liên hệ</h1>
<p>Ban Biên tập Cổng thông tin điện tử huyện Ia Grai</p>
<p>Địa chỉ: Thị trấn Ia Kha - huyện Ia Grai - tỉnh Gia Lai</p>
<p>Điện thoại: (0269) 3 845 120 - Email: banbientap.iagrai@example.vn</p>
<p>Giờ làm việc: sáng từ 7 giờ đến 11 giờ 30, chiều từ 13 giờ 30 đến 17 giờ, từ thứ hai đến
thứ sáu.</p>
</div>"""

ADMIN = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập quản trị</title></head>
<body><h1>Đăng nhập quản trị</h1><form method="post" action="/admin/">
<input name="user"><input name="password" type="password"><button>Đăng nhập</button></form>
</body></html>
"""

ROBOTS = "User-agent: *\nDisallow: /admin/\n"

CSS = """body{font-family:Arial,sans-serif;margin:0;background:#f3f3f3;color:#222}
#wrapper{max-width:1100px;margin:0 auto;background:#fff}
.top-bar{background:#8b0000;color:#fff;padding:4px 10px;font-size:13px}
.top-bar a{color:#fff}.top-links{float:right}
.banner{background:#c00;padding:18px 10px}.banner a{color:#ffeb3b;text-decoration:none}
.site-name{display:block;font-size:26px;font-weight:bold}.site-sub{color:#fff}
.main-menu ul{list-style:none;margin:0;padding:0;background:#a00000;display:flex;flex-wrap:wrap}
.main-menu a{display:block;color:#fff;padding:8px 12px;text-decoration:none}
.container{display:flex;gap:16px;padding:10px}
.main-column{flex:3}.sidebar{flex:1}
.breadcrumb{font-size:13px;margin-bottom:10px}
.news-title{font-size:22px;color:#8b0000}.news-date{color:#777;font-size:13px}
.news-content p{text-align:justify;line-height:1.5}
.share-buttons a{margin-right:8px}
.box{border:1px solid #ddd;margin-bottom:12px}.box-title{background:#a00000;color:#fff;
margin:0;padding:6px;font-size:15px}
.pagination a,.pagination span{margin-right:6px}.pagination .current{font-weight:bold}
.site-footer{background:#8b0000;color:#fff;padding:10px;font-size:13px}
.site-footer a{color:#fff}
"""

PLACEHOLDER_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="600" height="360">
<rect width="600" height="360" fill="#ddd"/></svg>
"""


# --------------------------------------------------------------------------- writing


def _write(out_dir: pathlib.Path, url_path: str, text: str) -> None:
    rel = url_path.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    target = out_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _render_articles(out_dir: pathlib.Path, articles: list[SampleArticle]) -> dict[str, str]:
    latest = articles[:LATEST_COUNT]
    urls: dict[str, str] = {}
    for a in articles:
        same = [x for x in articles if x.category == a.category]
        crumb = _breadcrumb(a.category, a.title[:BREADCRUMB_TITLE_CHARS])
        page = _page(a.title, crumb, _article_main(a, _related(a, same)), latest)
        _write(out_dir, a.url_path, page)
        urls[a.url_path] = a.slug
    return urls


def _render_listings(out_dir: pathlib.Path, articles: list[SampleArticle]) -> dict[str, str]:
    latest = articles[:LATEST_COUNT]
    listings: dict[str, str] = {}
    for name in CATEGORIES:
        items = [a for a in articles if a.category == name]
        n_pages = max(1, -(-len(items) // PAGE_SIZE))
        for page in range(1, n_pages + 1):
            chunk = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            title = name if page == 1 else f"{name} - Trang {page}"
            main = _listing_main(name, chunk, page, n_pages)
            html_page = _page(title, _breadcrumb(name, None), main, latest)
            _write(out_dir, listing_path(name, page), html_page)
        listings[name] = listing_path(name, 1)
    return listings


def _render_extras(out_dir: pathlib.Path, articles: list[SampleArticle]) -> None:
    latest = articles[:LATEST_COUNT]
    crumb = _breadcrumb(None, None)
    _write(out_dir, "/index.html", _page("", crumb, _home_main(articles), latest))
    for path, body in (("/gioi-thieu/", GIOI_THIEU), ("/lien-he/", LIEN_HE)):
        title = EXTRA_PAGES[path][0]
        _write(out_dir, path, _page(title, _breadcrumb(None, title), body, latest))
    _write(out_dir, "/admin/", ADMIN)
    _write(out_dir, "/robots.txt", ROBOTS)
    _write(out_dir, "/static/portal.css", CSS)
    _write(out_dir, "/static/anh-minh-hoa.svg", PLACEHOLDER_SVG)


def render_site(out_dir: pathlib.Path) -> dict[str, Any]:
    """Write the sample portal into ``out_dir`` and return its manifest.

    The manifest: ``{"categories": {name: listing_path}, "articles": {url_path: slug},
    "start_paths": [listing_path, ...]}``; every path is absolute from the site root
    ("/xay-dung-dang/", "/xay-dung-dang/some-slug.html").
    """
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    articles = load_articles()
    urls = _render_articles(out_dir, articles)
    listings = _render_listings(out_dir, articles)
    _render_extras(out_dir, articles)
    return {
        "categories": listings,
        "articles": urls,
        "start_paths": list(listings.values()),
    }
