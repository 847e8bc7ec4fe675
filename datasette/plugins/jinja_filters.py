"""Template filters: `vn_date` shows an ISO date as readers write it (24/09/2019), the
machine value staying in the JSON and in `<time datetime>`; `column_label` and `param_label`
name a column or a canned query's parameter in Vietnamese (the name itself stays in the
URL, the JSON and the CSV); `kn_title` gives a database's or a table's title from
metadata.yml; the test `internal`: a column for search only (`*_folded`), left out of
pages. Registers filters only."""

from datasette import hookimpl

from pipeline.search import people_date
from pipeline.store import is_internal

COLUMN_LABELS = {
    "id": "Mã", "heading": "Câu đầu", "text": "Nội dung", "article_id": "Bài viết",
    "ordinal": "Thứ tự", "marker": "Dấu liệt kê", "kind": "Loại", "topic": "Chủ đề",
    "site_id": "Cổng (khoá)", "site": "Cổng thông tin", "published": "Ngày đăng",
    "year": "Năm", "month": "Tháng", "place": "Địa danh", "province": "Tỉnh",
    "title": "Tiêu đề", "url": "Bài gốc", "authors": "Tác giả", "source": "Nguồn",
    "breadcrumb": "Chuyên mục", "topics": "Chủ đề", "body": "Nội dung", "word_count": "Số từ",
    "lesson_count": "Số bài học", "article_count": "Số bài", "archived_url": "Bản lưu",
    "capture": "Thu thập từ", "fetched_at": "Thu thập lúc", "name": "Tên", "level": "Cấp",
    "code": "Mã đơn vị", "new_name": "Sau 1/7/2025", "new_code": "Mã sau 1/7/2025",
    "lat": "Vĩ độ", "lon": "Kinh độ", "base_url": "Địa chỉ", "district": "Huyện",
    "cms": "Phần mềm", "first_published": "Bài đầu", "last_published": "Bài cuối",
    "article_title": "Tiêu đề bài viết", "error": "Lỗi", "articles": "Số bài",
    "lessons": "Số bài học", "warnings": "Lưu ý", "lesson_id": "Bài học",
    "place_id": "Địa danh (khoá)",
    # the Atom feed's query (new_lessons), as its HTML page shows it
    "atom_title": "Bài học", "atom_updated": "Ngày đăng", "atom_authors": "Tác giả",
}  # fmt: skip
PARAM_LABELS = {
    "q": "Từ cần tìm", "place": "Địa danh (tên hoặc mã)", "topic": "Chủ đề", "year": "Năm",
}  # fmt: skip


def column_label(name: str) -> str:
    return COLUMN_LABELS.get(name, name)


def param_label(name: str) -> str:
    return PARAM_LABELS.get(name, name)


@hookimpl
def prepare_jinja2_environment(env, datasette) -> None:
    def kn_title(name: str, database: str | None = None) -> str:
        """A table's title (`database` given) or a database's, else the name itself."""
        if database is None:
            return datasette.metadata("title", database=name, fallback=False) or name
        return datasette.metadata("title", database=database, table=name, fallback=False) or name

    env.filters["vn_date"] = people_date
    env.filters["column_label"] = column_label
    env.filters["param_label"] = param_label
    env.filters["kn_title"] = kn_title
    env.tests["internal"] = is_internal
