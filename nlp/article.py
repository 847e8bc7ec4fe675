"""The record extracted from one article page (see DESIGN.md, "The record")."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Lesson:
    ordinal: int
    marker: str  # as written, without trailing punctuation: "Một là", "Thứ hai", "1."
    heading: str  # the item's first sentence without its marker
    text: str  # the whole item, all its paragraphs
    kind: str = "bài học"  # bài học | giải pháp | nhiệm vụ | yêu cầu | nội dung | khác
    topic: str | None = None  # the lesson's own topic, else the article's main one


@dataclass
class Place:
    name: str  # "Ia Le"
    level: str  # xã | phường | thị trấn | huyện | thị xã | thành phố | tỉnh | thôn
    code: str | None = None  # official code of the unit at the article's time
    province: str | None = None
    lat: float | None = None
    lon: float | None = None
    new_name: str | None = None  # unit after the 1 July 2025 merger
    new_code: str | None = None


@dataclass
class Author:
    name: str
    title: str | None = None  # academic title kept apart: "ThS.", "TS."
    unit: str | None = None  # the writer's unit after the name: "Đài Truyền thanh huyện"


@dataclass
class Article:
    url: str
    title: str | None = None
    published: str | None = None  # ISO date, or date-time with +07:00
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    body: str = ""
    lessons: list[Lesson] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    language: str = "vi"
    author_titles: dict[str, str] = field(default_factory=dict)  # name -> "ThS."
    author_units: dict[str, str] = field(default_factory=dict)  # name -> "Đài Truyền thanh huyện"
    # The portal's own name ("Cổng thông tin điện tử huyện Ia Grai"): og:site_name, the
    # <title> suffix naming a portal, else the header's site-name element.
    site_name: str | None = None
    # What reading the page took that a user should know ("page cut to its first … bytes").
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
