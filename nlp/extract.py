"""`extract(html, url) -> Article`: the record of one article page.

A short pipeline of named steps, each in its own module: parse and clean (nlp/html.py); find
the article's container with the CMS profiles' selectors or the generic fallback
(nlp/layout.py, nlp/selectors.py); title, site name and breadcrumb (nlp/header.py); the
publication date (nlp/published.py); body paragraphs with the byline taken out of them
(nlp/body.py); then lessons, places, organisations, people and topics from the text."""

from __future__ import annotations

from nlp import html as H
from nlp.article import Article
from nlp.body import body_paragraphs, take_byline
from nlp.entities import find_entities
from nlp.errors import ExtractError
from nlp.header import find_breadcrumb, find_site_name, head_title
from nlp.layout import PageOrder, find_container, mark_page_frames
from nlp.lessons import extract_lessons
from nlp.published import find_published
from nlp.selectors import page_marks
from nlp.text import looks_like_text, text_to_html
from nlp.title import find_title
from nlp.topics import find_topics, lesson_topic
from nlp.wayback import original_url, strip_toolbar

NER_DEFAULT = True  # measured: with NER on a few spans per page, still faster than trafilatura


def extract(html: bytes | str, url: str, ner: bool = NER_DEFAULT) -> Article:
    """The article record of one page. `ner` adds underthesea's NER on a few short spans
    per article to the pattern-based people (on by default: its cost is in
    benchmarks/README.md)."""
    try:
        return extract_article(html, url, ner)
    except ExtractError:
        raise
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError) as error:
        raise ExtractError(f"{url}: cannot read this page ({type(error).__name__})") from error


def extract_article(html: bytes | str, url: str, ner: bool = NER_DEFAULT) -> Article:
    document = H.decode(html, url)
    if document.strip() and looks_like_text(document, url):
        document = text_to_html(document)
    root, warnings = H.parse_page(document, url)
    if len(html) > H.MAX_BYTES:
        warnings.append(f"page cut to its first {H.MAX_BYTES:,} of {len(html):,} bytes")
    H.clean(root)
    strip_toolbar(root)
    mark_page_frames(root)
    marks = page_marks(root)
    profile, container = find_container(root, marks)
    order = PageOrder.of(root, container)
    page_url = original_url(url)  # an archived capture's URL names the original page
    title_element, title = find_title(root, profile, order, marks, page_url)
    article = Article(url=url, title=title or None, warnings=warnings)
    article.breadcrumb = find_breadcrumb(root, profile, title, marks)
    article.published = find_published(root, profile, title_element, container, marks, order)
    paragraphs = body_paragraphs(root, profile, container, title_element, title, marks)
    byline, paragraphs = take_byline(root, profile, paragraphs, container, marks)
    article.authors = [a.name for a in byline.authors]
    article.author_titles = {a.name: a.title for a in byline.authors if a.title}
    article.author_units = {a.name: a.unit for a in byline.authors if a.unit}
    article.source = byline.source
    article.body = "\n\n".join(paragraphs)
    article.lessons = extract_lessons(paragraphs, title)
    text = "\n\n".join([title, *paragraphs])
    # The page title's site name ("… - Cổng thông tin điện tử huyện Ia Grai") narrows places.
    article.places, article.organizations, article.people = find_entities(
        text, ner, url=page_url, site_text=head_title(root)
    )
    article.topics = find_topics(text, title)
    for lesson in article.lessons:
        lesson.topic = lesson_topic(lesson.text, lesson.heading, article.topics)
    article.site_name = find_site_name(root, title, marks)
    return article
