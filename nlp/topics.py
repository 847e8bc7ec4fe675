"""Keyword topics of party-building work, matched on the folded text (marks stripped)."""

from __future__ import annotations

from collections.abc import Sequence

from nlp.normalize import fold

TOPICS: dict[str, tuple[str, ...]] = {
    "phát triển đảng viên": (
        "phat trien dang vien",
        "ket nap dang",
        "ket nap dang vien",
        "quan chung uu tu",
        "tao nguon",
    ),
    "sinh hoạt chi bộ": ("sinh hoat chi bo", "chat luong sinh hoat", "sinh hoat chuyen de"),
    "dân vận": ("dan van", "dan van kheo", "quy che dan chu", "nguoi co uy tin"),
    "kiểm tra giám sát": ("kiem tra, giam sat", "kiem tra giam sat", "uy ban kiem tra"),
    "chuyển đổi số": ("chuyen doi so", "so hoa", "cong nghe thong tin", "so tay dang vien"),
    "học tập và làm theo tư tưởng Hồ Chí Minh": (
        "hoc tap va lam theo tu tuong",
        "tu tuong, dao duc, phong cach ho chi minh",
        "tam guong dao duc ho chi minh",
        "chi thi 05",
    ),
    "nông thôn mới": ("nong thon moi",),
    "giáo dục chính trị tư tưởng": (
        "chinh tri tu tuong",
        "nen tang tu tuong",
        "quan diem sai trai",
        "thong tin sai trai",
        "luan dieu xuyen tac",
        "dau tranh phan bac",
    ),
    "phòng chống tham nhũng": ("tham nhung", "lang phi", "tieu cuc"),
    "xây dựng tổ chức đảng": ("to chuc co so dang", "xay dung dang", "cap uy"),
}


# Broad topics whose keywords ("cấp ủy") run through most party-building text: a lesson gets
# one only when no narrower topic is named and it names it twice or in its heading; an
# article's title naming one still puts it first.
BROAD = frozenset({"xây dựng tổ chức đảng"})


def find_topics(text: str, title: str = "") -> list[str]:
    """Topics named once in the title or at least twice in the text, the main one first: the
    title's, then the most named (ties: the first named)."""
    return ranked(text, title, min_count=2, broad_last=False)


def lesson_topic(text: str, heading: str = "", article_topics: Sequence[str] = ()) -> str | None:
    """A lesson's topic from its own words (once is enough in a lesson): one its heading
    names, else the one its text names most; the article's first topic only when the lesson
    names none."""
    found = ranked(text, heading, min_count=1, broad_last=True)
    return found[0] if found else next(iter(article_topics), None)


def ranked(text: str, title: str, min_count: int, broad_last: bool) -> list[str]:
    """Topics named in the title first (for a lesson: narrower topics first, then those its
    heading names), then the most named, then the first named."""
    folded, folded_title = fold(text), fold(title)
    scored = []
    for topic, keywords in TOPICS.items():
        in_title = any(k in folded_title for k in keywords)
        count = sum(folded.count(k) for k in keywords)
        if in_title or count >= max(min_count, 2 if topic in BROAD else 1):
            first = min((at for k in keywords if (at := folded.find(k)) >= 0), default=len(folded))
            broad = topic in BROAD
            key = (broad, not in_title) if broad_last else (not in_title, broad)
            scored.append((*key, -count, first, topic))
    return [topic for *_, topic in sorted(scored)]
