"""Lessons: markers in any mix, items over several paragraphs, kinds, and non-lessons."""
# ruff: noqa: E501  (sample page markup and Vietnamese sentences read better unwrapped)

import pytest

from nlp.lessons import extract_lessons

SEED = [
    "Đồng thời cũng đã rút ra một số bài học kinh nghiệm sau:",
    "Một là, nâng cao nhận thức của cán bộ, đảng viên. Trong các kỳ sinh hoạt chi bộ, Đảng ủy xã tuyên truyền.",
    "Thứ hai, tăng cường chỉ đạo sát sao của Đảng ủy xã đối với các chi bộ. Đảng ủy ra Nghị quyết chuyên đề.",
    "Thứ ba, đẩy mạnh công tác tạo nguồn, quản lý nguồn. Đảng ủy tăng cường chỉ đạo các chi bộ.",
    "Phân công cấp ủy viên phụ trách tổ chức đoàn thể ở cơ sở hướng dẫn, củng cố.",
    "Các chi bộ thực hiện đảm bảo yêu cầu quản lý tốt nguồn kết nạp đảng viên.",
    "Thứ tư, Đảng ủy cần đẩy mạnh công tác kiểm tra, giám sát. Thường xuyên củng cố tổ chức Đảng ở thôn.",
    "Qua kinh nghiệm ở xã cho thấy, khó khăn trong tạo nguồn phát triển đảng viên là thực tế chung.",
]


def test_seed_gives_four_lessons_in_order():
    lessons = extract_lessons(SEED)
    assert [lesson.marker for lesson in lessons] == ["Một là", "Thứ hai", "Thứ ba", "Thứ tư"]
    assert [lesson.ordinal for lesson in lessons] == [1, 2, 3, 4]
    assert lessons[0].heading == "nâng cao nhận thức của cán bộ, đảng viên"
    assert {lesson.kind for lesson in lessons} == {"bài học"}


def test_item_spans_paragraphs_until_next_marker_and_conclusion():
    lessons = extract_lessons(SEED)
    assert "Phân công cấp ủy viên" in lessons[2].text
    assert "Các chi bộ thực hiện" in lessons[2].text
    assert "Qua kinh nghiệm" not in lessons[3].text


@pytest.mark.parametrize(
    ("markers", "lead_in", "kind"),
    [
        (["1.", "2.", "3."], "Thời gian tới, cần tập trung các giải pháp sau:", "giải pháp"),
        (["1-", "2-"], "Năm 2024, Ban Chỉ đạo đề ra các nhiệm vụ trọng tâm:", "nhiệm vụ"),
        (["a)", "b)"], "Từ thực tiễn, có thể rút ra một số kinh nghiệm:", "bài học"),
        (["Thứ nhất", "Thứ hai"], "Để làm tốt nhiệm vụ, cần các giải pháp như sau:", "giải pháp"),
    ],
)
def test_marker_families_and_kinds(markers, lead_in, kind):
    items = [
        f"{m}{',' if m[0].isalpha() and len(m) > 2 else ''} tăng cường sự lãnh đạo của cấp ủy đối với công "
        "tác xây dựng Đảng ở cơ sở, bảo đảm chất lượng sinh hoạt chi bộ hằng tháng."
        for m in markers
    ]
    lessons = extract_lessons([lead_in, *items])
    assert [lesson.marker for lesson in lessons] == markers
    assert {lesson.kind for lesson in lessons} == {kind}


def test_weekday_date_line_is_not_an_item():
    paragraphs = ["Thứ hai, 11/12/2023 16:03", "Một là, sinh hoạt đều đặn.", "Chi bộ họp."]
    assert extract_lessons(paragraphs) == []


def test_table_of_contents_and_slogans_are_not_lessons():
    contents = ["Nội dung chính như sau:", "1. Mở đầu", "2. Thực trạng", "3. Giải pháp"]
    slogans = [
        "Khẩu hiệu tuyên truyền:",
        "1. “Toàn Đảng, toàn dân thi đua”",
        "2. “Đảng Cộng sản Việt Nam quang vinh”",
    ]
    assert extract_lessons(contents) == []
    assert extract_lessons(slogans) == []


def test_numbers_without_lead_in_are_not_lessons():
    paragraphs = [
        "Chi bộ có 25 đảng viên.",
        "1. Mục đích của kế hoạch là triển khai nhiệm vụ.",
        "2. Yêu cầu.",
    ]
    assert extract_lessons(paragraphs) == []


def test_sub_items_stay_inside_their_item():
    paragraphs = [
        "Đảng ủy xác định các giải pháp sau:",
        "1. Nâng cao chất lượng sinh hoạt chi bộ ở tất cả các thôn, làng trong xã.",
        "a) Đổi mới nội dung sinh hoạt chuyên đề.",
        "b) Tăng cường dự sinh hoạt của cấp ủy viên.",
        "2. Làm tốt công tác phát triển đảng viên trong đồng bào dân tộc thiểu số.",
    ]
    lessons = extract_lessons(paragraphs)
    assert [lesson.marker for lesson in lessons] == ["1.", "2."]
    assert "b) Tăng cường" in lessons[0].text


EXPLICIT_LEAD_IN = "Qua thực tiễn, Đảng ủy xã rút ra một số bài học kinh nghiệm như sau:"


@pytest.mark.parametrize(
    "items",
    [
        ["Một là, tăng cường lãnh đạo.", "Hai là, phát huy vai trò."],
        ["Một là: tăng cường lãnh đạo.", "Hai là: phát huy vai trò."],
        ["Thứ nhất: tăng cường lãnh đạo.", "Thứ hai: phát huy vai trò."],
        ["1. Tăng cường lãnh đạo.", "2. Phát huy vai trò."],
        ["a) Tăng cường lãnh đạo.", "b) Phát huy vai trò."],
    ],
)
def test_short_items_under_an_explicit_lead_in_are_lessons(items):
    """The lead-in is the evidence: two-word items count, in every marker style."""
    lessons = extract_lessons([EXPLICIT_LEAD_IN, *items, "Chi bộ tiếp tục phát huy."])
    assert [lesson.heading.lower() for lesson in lessons] == [
        "tăng cường lãnh đạo",
        "phát huy vai trò",
    ]
    assert {lesson.kind for lesson in lessons} == {"bài học"}


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Chương trình hội nghị như sau:", "1. Khai mạc.", "2. Báo cáo."],  # agenda: no kind
        ["Giải thưởng gồm:", "1. Giải nhất.", "2. Giải nhì."],  # no kind cue
        ["Chi bộ họp như thường lệ.", "1. Điểm danh.", "2. Báo cáo."],  # no lead-in
        [EXPLICIT_LEAD_IN, "1. “Đoàn kết”", "2. “Kỷ cương”"],  # quoted slogans
        [EXPLICIT_LEAD_IN, "Thứ hai, 11/12/2023", "Thứ ba, 12/12/2023"],  # date lines
    ],
)
def test_short_numbered_lines_without_lesson_evidence_are_not_lessons(paragraphs):
    assert extract_lessons(paragraphs) == []


def test_short_lessons_from_a_page():
    from nlp import extract

    page = (
        "<html><body><article><h1>Kinh nghiệm xây dựng chi bộ vững mạnh</h1>"
        "<p>Sau 5 năm thực hiện nghị quyết, Đảng ủy xã Ia Le rút ra một số bài học kinh nghiệm như sau:</p>"
        "<p>Một là, tăng cường lãnh đạo.</p><p>Hai là, phát huy vai trò.</p>"
        "<p>Thời gian tới, Đảng ủy tiếp tục chỉ đạo các chi bộ thực hiện tốt nghị quyết.</p>"
        "</article></body></html>"
    )
    lessons = extract(page, "http://example.vn/bai-hoc.html").lessons
    assert [(lesson.marker, lesson.text) for lesson in lessons] == [
        ("Một là", "tăng cường lãnh đạo."),
        ("Hai là", "phát huy vai trò."),
    ]


@pytest.mark.parametrize(
    ("lead_in", "kind"),
    [
        ("Hội nghị thống nhất một số nội dung sau:", "nội dung"),
        ("Chỉ thị nêu rõ các yêu cầu đối với cấp ủy:", "yêu cầu"),
        ("Đồng chí Bí thư Huyện ủy nhấn mạnh:", "khác"),
        ("Thời gian tới, Đảng bộ tập trung thực hiện tốt các nhiệm vụ sau:", "nhiệm vụ"),
    ],
)
def test_word_ordinal_passages_kept_whatever_the_lead_in(lead_in, kind):
    paragraphs = [
        lead_in,
        "Một là, các chi bộ duy trì nghiêm nền nếp sinh hoạt định kỳ hằng tháng ở thôn, làng.",
        "Hai là, cấp ủy phân công đảng viên phụ trách từng hộ gia đình trong thôn.",
        "Ba là, kịp thời biểu dương những đảng viên gương mẫu trong phong trào thi đua.",
    ]
    lessons = extract_lessons(paragraphs)
    assert [(x.marker, x.kind) for x in lessons] == [
        ("Một là", kind),
        ("Hai là", kind),
        ("Ba là", kind),
    ]


def test_numbered_agenda_under_a_points_lead_in_is_not_a_passage():
    paragraphs = [
        "Chương trình hội nghị gồm các nội dung:",
        "1. Khai mạc hội nghị và giới thiệu đại biểu dự họp.",
        "2. Báo cáo kết quả thực hiện nghị quyết sáu tháng đầu năm.",
        "3. Thảo luận và biểu quyết thông qua nghị quyết.",
    ]
    assert extract_lessons(paragraphs) == []
