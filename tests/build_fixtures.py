"""Small Vietnamese portal pages (written for these tests) and a raw.db holding them,
shared by the build, search, Datasette and browser tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from servers import free_port

from crawler.archive import RawArchive, RawPage
from pipeline.build import build_database

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - {portal}</title></head>
<body>
<div class="header"><a href="/">{portal}</a></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc">Tin tức</a>
 &gt; <a href="/tin-tuc/xay-dung-dang">Xây dựng Đảng</a></div>
<div class="main-content">
<h1 class="title-detail">{title}</h1>
<div class="post-date">Ngày đăng bài: {date}</div>
<div class="article-content">
{paragraphs}
<p style="text-align:right"><strong>{author}</strong></p>
</div>
</div>
<div class="footer"><p>Giấy phép số 15/GP-STTTT ngày 11/11/2020. Chịu trách nhiệm:
Ông Siu Y Bé. Lượt truy cập: 123456</p></div>
</body></html>
"""

IA_LE = {
    "url": "https://chupuh.gialai.gov.vn/Tin-tuc/bai-hoc-ia-le.html",
    "site": "gialai-districts",
    "portal": "Cổng thông tin điện tử huyện Chư Pưh",
    "title": "Bài học kinh nghiệm trong công tác phát triển đảng viên ở Đảng bộ xã Ia Le",
    "date": "29/11/2022",
    "author": "Minh Châu",
    "paragraphs": [
        "Công tác phát triển đảng viên là nhiệm vụ quan trọng của Đảng bộ xã Ia Le, huyện"
        " Chư Pưh, tỉnh Gia Lai. Đảng ủy xã đã rút ra một số bài học kinh nghiệm sau:",
        "Một là, nâng cao nhận thức của cán bộ, đảng viên về công tác phát triển đảng viên."
        " Các chi bộ thôn tuyên truyền, quán triệt phương châm kết nạp đảng viên.",
        "Thứ hai, tăng cường sự lãnh đạo của Đảng ủy xã đối với các chi bộ. Đảng ủy giao chỉ"
        " tiêu kết nạp Đảng cho từng chi bộ, phát hiện quần chúng ưu tú.",
        "Thứ ba, phát huy vai trò của Đoàn Thanh niên trong tạo nguồn. Đoàn xã giới thiệu"
        " đoàn viên ưu tú cho Đảng xem xét kết nạp.",
    ],
}

TAY_SON = {
    "url": "https://pleiku.gialai.gov.vn/tin-tuc/dan-van-kheo-tay-son.html",
    "site": "gialai-districts",
    "portal": "Cổng thông tin điện tử thành phố Pleiku",
    "title": "Kinh nghiệm thực hiện công tác dân vận khéo ở phường Tây Sơn",
    "date": "05/03/2023",
    "author": "Hoàng Lan",
    "paragraphs": [
        "Phường Tây Sơn, thành phố Pleiku, tỉnh Gia Lai đã triển khai phong trào dân vận"
        " khéo. Qua thực tiễn, Đảng ủy phường rút ra những bài học kinh nghiệm:",
        "Thứ nhất, cấp ủy phải gần dân, lắng nghe ý kiến của Nhân dân trong khu dân cư."
        " Cán bộ, đảng viên thường xuyên đối thoại với người dân.",
        "Thứ hai, phát huy quy chế dân chủ ở cơ sở. Mọi chủ trương đều được bàn bạc công"
        " khai với Nhân dân.",
    ],
}

SCRIPT_TITLE = {
    "url": "https://ialy.gialai.gov.vn/tin-tuc/script.html",
    "site": "gialai-districts",
    "portal": "Cổng thông tin điện tử huyện Chư Păh",
    "title": "Bài học &lt;script&gt;alert(1)&lt;/script&gt; về sinh hoạt chi bộ",
    "date": "12/06/2024",
    "author": "Trần Văn Nam",
    "paragraphs": [
        "Đảng bộ xã Ia Ly nâng cao chất lượng sinh hoạt chi bộ và rút ra các bài học sau:",
        "1. Chuẩn bị kỹ nội dung sinh hoạt chi bộ trước mỗi kỳ họp. Bí thư chi bộ xây dựng"
        " đề cương sát với tình hình thôn.",
        "2. Đổi mới hình thức sinh hoạt chuyên đề. Chi bộ chọn chuyên đề gắn với nhiệm vụ"
        " của địa phương.",
    ],
}

ARTICLES = [IA_LE, TAY_SON, SCRIPT_TITLE]
EMPTY_URL = "https://chupuh.gialai.gov.vn/Tin-tuc/trang-trong.html"


def page_html(article: dict) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in article["paragraphs"])
    fields = {k: v for k, v in article.items() if k != "paragraphs"}
    return PAGE.format(**fields, paragraphs=paragraphs)


def raw_page(article: dict) -> RawPage:
    return RawPage(
        url=article["url"],
        site=article["site"],
        body=page_html(article).encode("utf-8"),
        content_type="text/html; charset=utf-8",
        fetched_at="2025-01-02T03:04:05+00:00",
    )


def make_raw_db(data_dir: Path, articles: list[dict] = ARTICLES, empty: bool = True) -> Path:
    """DATA/raw.db with the given articles (and an empty page that cannot be extracted)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    archive = RawArchive(data_dir / "raw.db")
    for article in articles:
        archive.put(raw_page(article))
    if empty:
        archive.put(
            RawPage(
                url=EMPTY_URL,
                site="gialai-districts",
                body=b"",
                fetched_at="2025-01-02T03:04:05+00:00",
            )
        )
    archive.close()
    return data_dir / "raw.db"


def built_site(data_dir: Path) -> Path:
    """DATA with raw.db (`make_raw_db`) and the kinhnghiem.db built from it."""
    make_raw_db(data_dir)
    build_database(data_dir, progress=False)
    return data_dir


def demo_site(data_dir: Path) -> Path:
    """DATA with the demo's kinhnghiem.db: `kinhnghiem demo --no-serve`, its sample portal
    crawled on a free port and built."""
    command = [sys.executable, "-m", "pipeline.cli", "demo", "--no-serve", "--data", str(data_dir)]
    command += ["--portal-port", str(free_port())]
    built = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    return data_dir
