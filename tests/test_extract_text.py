"""Text copies of pages (.txt, .md): the same record as from the page, footer left out."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp import extract
from pipeline.cli import main

TEXTS = Path(__file__).parent / "fixtures" / "text"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def extract_file(path: Path):
    return extract(path.read_bytes(), str(path))


def test_seed_text_copy_gives_the_article():
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"the seed is not at {SEEDS} (../shared is absent)")
    article = extract_file(seeds[0])
    assert article.title.startswith("Bài học kinh nghiệm trong công tác giáo dục chính trị")
    assert article.title.endswith("từ Đảng ủy xã Ia Le")
    assert article.published == "2022-11-29"
    assert article.authors == ["Minh Châu"]
    assert [lesson.marker for lesson in article.lessons] == [
        "Một là",
        "Thứ hai",
        "Thứ ba",
        "Thứ tư",
    ]
    assert {lesson.kind for lesson in article.lessons} == {"bài học"}
    third, fourth = article.lessons[2], article.lessons[3]
    assert "Phân công cấp ủy viên" in third.text and "Các chi bộ thực hiện" in third.text
    assert "Qua kinh nghiệm ở xã" not in fourth.text
    assert [place.name for place in article.places] == ["Ia Le"]
    assert article.breadcrumb == ["Trang chủ", "Tin tức", "Bảo vệ nền tảng tư tưởng của Đảng"]
    footer = ("Siu Y Bé", "11/11/2020", "Giấy phép", "truy cập", "Copyright", "Minh Châu")
    assert not any(word in article.body for word in footer)
    assert "Siu Y Bé" not in article.people


def test_text_copy_keeps_lessons_byline_and_drops_footer():
    article = extract_file(TEXTS / "huyen-mau-phat-trien-dang-vien.txt")
    assert article.title.startswith("Kinh nghiệm phát triển đảng viên ở thôn, làng")
    assert article.published == "2021-03-05"
    assert article.authors == ["Hồng Nhung"]
    assert [lesson.marker for lesson in article.lessons] == ["Thứ nhất", "Thứ hai", "Thứ ba"]
    assert article.body.endswith("kết nạp 12 đảng viên mới.")
    assert "Rơ Mah Tuấn" not in article.body + " ".join(article.people)


def test_markdown_copy_reads_heading_date_and_byline_with_unit():
    article = extract_file(TEXTS / "ia-grai-mot-so-giai-phap.md")
    assert article.title == "Một số giải pháp nâng cao chất lượng sinh hoạt chi bộ ở huyện Ia Grai"
    assert article.published == "2022-10-18T14:30:00+07:00"
    assert article.breadcrumb == ["Trang chủ", "Tin tức", "Xây dựng Đảng"]
    assert [(x.marker, x.kind) for x in article.lessons] == [
        ("Một là", "giải pháp"),
        ("Hai là", "giải pháp"),
        ("Ba là", "giải pháp"),
    ]
    assert article.lessons[0].heading == "cấp ủy chuẩn bị kỹ nội dung trước mỗi kỳ sinh hoạt chi bộ"
    assert article.authors == ["Nguyễn Văn Bình"]
    assert article.author_units == {"Nguyễn Văn Bình": "Đài Truyền thanh huyện"}
    assert "**" not in article.body and "Tin, ảnh" not in article.body


def test_cli_extract_reads_text_files():
    files = sorted(TEXTS.iterdir())
    result = CliRunner().invoke(main, ["extract", *map(str, files), "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["url"] for r in records] == [str(f) for f in files]
    assert all(r["title"] and r["lessons"] for r in records)


@pytest.mark.parametrize("content", [b"", b"   \n\n  ", "\u00a0\n"])
def test_an_empty_text_copy_is_no_article(content):
    from nlp import ExtractError

    with pytest.raises(ExtractError, match="empty page"):
        extract(content, "bai-viet.txt")
