"""Pure Vietnamese extraction: HTML in, `Article` out. No I/O, no Scrapy, no sqlite."""

from nlp.article import Article, Author, Lesson, Place
from nlp.errors import ExtractError
from nlp.extract import extract

__all__ = ["Article", "Author", "ExtractError", "Lesson", "Place", "extract"]
