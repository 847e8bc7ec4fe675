"""Keyword topics of party-building work, matched on the folded text (marks stripped)."""

from __future__ import annotations

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
    "dân vận": ("dan van", "dan van kheo", "quy che dan chu"),
    "kiểm tra giám sát": ("kiem tra, giam sat", "kiem tra giam sat", "uy ban kiem tra"),
    "chuyển đổi số": ("chuyen doi so", "so hoa", "cong nghe thong tin", "so tay dang vien"),
    "học tập và làm theo tư tưởng Hồ Chí Minh": (
        "hoc tap va lam theo tu tuong",
        "tu tuong, dao duc, phong cach ho chi minh",
        "tam guong dao duc ho chi minh",
        "chi thi 05",
    ),
    "nông thôn mới": ("nong thon moi",),
    "giáo dục chính trị tư tưởng": ("chinh tri tu tuong", "bao ve nen tang tu tuong"),
    "phòng chống tham nhũng": ("tham nhung", "lang phi", "tieu cuc"),
    "xây dựng tổ chức đảng": ("to chuc co so dang", "xay dung dang", "cap uy"),
}


def find_topics(text: str, title: str = "") -> list[str]:
    """Topics named once in the title or at least twice in the text."""
    folded, folded_title = fold(text), fold(title)
    return [
        topic
        for topic, keywords in TOPICS.items()
        if any(k in folded_title for k in keywords) or sum(folded.count(k) for k in keywords) >= 2
    ]
