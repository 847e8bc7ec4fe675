"""Topics: an article's in order of weight, a lesson's from its own words first."""

import pytest

from nlp.topics import find_topics, lesson_topic

ARTICLE_TOPICS = ["kiểm tra giám sát", "giáo dục chính trị tư tưởng"]


@pytest.mark.parametrize(
    ("heading", "text", "topic"),
    [
        (
            "phát huy vai trò của lực lượng nòng cốt và người có uy tín trong cộng đồng",
            "Già làng, người có uy tín được mời dự các buổi thông tin chuyên đề.",
            "dân vận",
        ),
        (
            "đổi mới nội dung, hình thức tuyên truyền cho phù hợp với từng đối tượng",
            "Những con số gần gũi là câu trả lời thuyết phục trước các luận điệu xuyên tạc.",
            "giáo dục chính trị tư tưởng",
        ),
        (
            "Nâng cao nhận thức của cấp ủy về vai trò của chuyển đổi số",
            "Cấp ủy các chi bộ được tập huấn sử dụng Sổ tay đảng viên điện tử.",
            "chuyển đổi số",
        ),
        (
            "cấp ủy phải trực tiếp lãnh đạo",
            "Cấp ủy coi kiểm tra, giám sát là nhiệm vụ thường xuyên.",  # named once is enough
            "kiểm tra giám sát",
        ),
        (
            "nâng cao chất lượng sinh hoạt chi bộ",
            "Chi bộ chú trọng tạo nguồn, kết nạp đảng viên trẻ; sinh hoạt chi bộ hằng tháng.",
            "sinh hoạt chi bộ",  # the heading's topic before the text's
        ),
    ],
)
def test_lesson_topic_from_its_own_words(heading, text, topic):
    assert lesson_topic(text, heading, ARTICLE_TOPICS) == topic


@pytest.mark.parametrize(
    ("heading", "text", "topic"),
    [
        ("tăng cường lãnh đạo", "Mỗi tháng họp một lần.", "kiểm tra giám sát"),  # none: article's
        ("tăng cường lãnh đạo", "Cấp ủy họp mỗi tháng.", "kiểm tra giám sát"),  # broad named once
        ("tăng cường lãnh đạo", "Cấp ủy họp; cấp ủy viên dự.", "xây dựng tổ chức đảng"),
    ],
)
def test_article_topic_only_when_the_lesson_names_none(heading, text, topic):
    assert lesson_topic(text, heading, ARTICLE_TOPICS) == topic
    assert lesson_topic("Mỗi tháng họp một lần.", "tăng cường lãnh đạo") is None


def test_article_topics_title_first_then_by_weight():
    text = (
        "Công tác kiểm tra, giám sát được tăng cường; kiểm tra giám sát đảng viên. "
        "Đảng ủy chú trọng phát triển đảng viên."
    )
    assert find_topics(text) == ["kiểm tra giám sát"]
    assert find_topics(text, "Kinh nghiệm phát triển đảng viên") == [
        "phát triển đảng viên",
        "kiểm tra giám sát",
    ]


def test_extract_gives_each_lesson_its_own_topic():
    from nlp import extract

    page = """<html><body><h1>Kinh nghiệm kiểm tra, giám sát ở Đảng bộ xã Ia Le</h1>
    <p>Ngày đăng bài: 05/03/2022</p>
    <p>Công tác kiểm tra, giám sát được Đảng ủy xã coi trọng; qua kiểm tra, giám sát đã rút ra
    một số bài học kinh nghiệm sau:</p>
    <p>Một là, làm tốt công tác dân vận, phát huy vai trò người có uy tín trong làng.</p>
    <p>Hai là, phải thường xuyên đôn đốc, nhắc nhở việc thực hiện nghị quyết.</p>
    </body></html>"""
    article = extract(page, "https://iale.gialai.gov.vn/tin-tuc/kiem-tra.html")
    assert article.topics[0] == "kiểm tra giám sát"
    assert [lesson.topic for lesson in article.lessons] == ["dân vận", "kiểm tra giám sát"]
