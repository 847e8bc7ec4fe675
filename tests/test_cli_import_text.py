"""`kinhnghiem import-text DIR`: text copies into raw.db (source text), built like pages."""

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

TEXTS = Path(__file__).parent / "fixtures" / "text"


def run(*args):
    return CliRunner().invoke(main, [*map(str, args)])


def test_import_text_then_build_publishes_the_articles(tmp_path):
    folder = tmp_path / "bai-luu"
    shutil.copytree(TEXTS, folder)
    (folder / "anh.txt").write_bytes(b"\x89PNG\x00\x00 not text")
    data = tmp_path / "data"
    result = run("import-text", folder, "--data", data)
    assert result.exit_code == 0, result.output
    assert "not-text 1" in result.output
    raw = sqlite3.connect(data / "raw.db")
    rows = raw.execute("SELECT url, source, kind FROM pages ORDER BY url").fetchall()
    assert rows == [
        ("text:bai-luu/anh.txt", "text", "failed"),
        ("text:bai-luu/huyen-mau-phat-trien-dang-vien.txt", "text", "article"),
        ("text:bai-luu/ia-grai-mot-so-giai-phap.md", "text", "article"),
    ]
    assert run("build", "--data", data).exit_code == 0
    db = sqlite3.connect(data / "kinhnghiem.db")
    titles = [r[0] for r in db.execute("SELECT title FROM articles ORDER BY title")]
    assert titles[0].startswith("Kinh nghiệm phát triển đảng viên")
    assert db.execute("SELECT count(*) FROM lessons").fetchone()[0] == 6


def test_import_text_again_skips_unchanged_files(tmp_path):
    data = tmp_path / "data"
    assert run("import-text", TEXTS, "--data", data).exit_code == 0
    again = run("import-text", TEXTS, "--data", data)
    assert again.exit_code == 0
    header, total = (
        line.split() for line in again.output.splitlines() if line.startswith(("host", "TOTAL"))
    )
    counts = dict(zip(header[1:], map(int, total[1:]), strict=True))
    assert (counts["fetched"], counts["known"]) == (0, 2)
    raw = sqlite3.connect(data / "raw.db")
    assert raw.execute("SELECT count(*) FROM pages").fetchone()[0] == 2


def test_import_text_on_a_missing_folder_is_one_clear_line(tmp_path):
    result = run("import-text", tmp_path / "khong-co", "--data", tmp_path / "data")
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'khong-co'}: not a folder of text files"


def test_the_writers_unit_is_stored_with_the_byline(tmp_path):
    data = tmp_path / "data"
    assert run("import-text", TEXTS, "--data", data).exit_code == 0
    assert run("build", "--data", data).exit_code == 0
    db = sqlite3.connect(data / "kinhnghiem.db")
    rows = db.execute(
        "SELECT au.name, aa.unit FROM article_authors aa JOIN authors au ON au.id = aa.author_id"
        " ORDER BY au.name"
    ).fetchall()
    assert rows == [("Hồng Nhung", None), ("Nguyễn Văn Bình", "Đài Truyền thanh huyện")]


def test_site_names_a_collection_so_same_named_folders_do_not_collide(tmp_path):
    first, second = tmp_path / "a" / "bai", tmp_path / "b" / "bai"
    for folder, text in ((first, "Bản thứ nhất"), (second, "Bản thứ hai")):
        folder.mkdir(parents=True)
        (folder / "x.txt").write_text(f"Tiêu đề bài viết mẫu\n{text} của bài viết.\n", "utf-8")
    data = tmp_path / "data"
    assert run("import-text", first, "--data", data).exit_code == 0
    assert run("import-text", second, "--site", "bai-2022", "--data", data).exit_code == 0
    raw = sqlite3.connect(data / "raw.db")
    rows = raw.execute("SELECT url, site FROM pages ORDER BY url").fetchall()
    assert rows == [("text:bai-2022/x.txt", "bai-2022"), ("text:bai/x.txt", "bai")]


def test_a_site_name_that_is_no_path_segment_is_refused(tmp_path):
    result = run("import-text", TEXTS, "--site", "a/b c", "--data", tmp_path / "data")
    assert result.exit_code == 1
    assert (
        result.output.strip() == "Error: --site 'a/b c': use letters, digits, '-', '_' or '.' only"
    )
