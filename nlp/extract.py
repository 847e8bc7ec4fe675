"""Placeholder until the extraction module lands: title and paragraphs only."""

from __future__ import annotations

from bs4 import BeautifulSoup

from nlp.article import Article
from nlp.errors import ExtractError


def extract(html: bytes | str, url: str) -> Article:
    if not html:
        raise ExtractError(f"{url}: empty page")
    soup = BeautifulSoup(html, "lxml")
    h1 = soup.find("h1")
    body = "\n\n".join(p.get_text(" ", strip=True) for p in soup.find_all("p"))
    return Article(url=url, title=h1.get_text(" ", strip=True) if h1 else None, body=body)
