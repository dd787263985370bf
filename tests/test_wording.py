"""Reports say things otherwise than questions do: the answer must still be found, and only the right one."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answering.accept import at_place, pick
from assistant.answering.compare import _REFERS_BACK
from assistant.answering.evidence import Evidence, coverage
from assistant.answering.question import analyse
from assistant.filters import stated_years


class _Stats:
    def idf(self, term: str) -> float:
        return 1.0


def _terms(text: str) -> frozenset[str]:
    from assistant.terms import terms_of

    return terms_of(text)


def test_a_phrase_written_otherwise_covers_the_question():
    q = analyse("Tỉnh hoàn thành bao nhiêu chỉ tiêu năm 2023?")
    said = coverage(q, _terms("Tỉnh đạt và vượt 43/51 chỉ tiêu năm 2023."), _Stats())
    unrelated = coverage(q, _terms("Tỉnh ban hành 43 chỉ tiêu năm 2023."), _Stats())
    assert said > unrelated
    assert coverage(analyse("Điểm DTI của tỉnh là bao nhiêu?"), _terms("Giá trị DTI 0,8340."), _Stats()) == 1.0
    assert coverage(analyse("Nhóm chỉ số nào tụt hạng?"), _terms("Nhóm chỉ số hạ tầng số 44/63, giảm 13 bậc."), _Stats()) == 1.0


def test_a_venue_is_not_a_score():
    """ "điểm cầu" (a meeting's venue) and "điểm gì" (what feature) are no "điểm số"."""
    assert analyse("Ai chủ trì ở điểm cầu Bắc Giang?").synonyms == ()
    assert analyse("Tỉnh có điểm gì nổi bật?").synonyms == ()


def test_a_comparison_base_that_says_what_happened_then_reports_that_year():
    assert stated_years("Kết quả này cao hơn so với năm 2022, khi tỉnh đạt 13/15 chỉ tiêu.") == {2022}
    assert stated_years("Số hồ sơ tăng 20% so với năm 2022.") == frozenset()


def test_a_sentence_pointing_back_does_not_give_every_year_alone():
    assert _REFERS_BACK.match("Kết quả này cao hơn rõ rệt so với năm 2022")
    assert not _REFERS_BACK.match("Năm 2023 tỉnh đạt 856 đơn vị, gấp 17,8 lần so với năm 2022")


def _corpus(province: str) -> SimpleNamespace:
    article = SimpleNamespace(province=province, date="2025-02-07", text="", title="")
    return SimpleNamespace(article=lambda _id: article, people={"Phạm Minh Chính", "Nguyễn Việt Oanh"},
                           officials_in=lambda *a: [], facts_of=lambda _id: None,
                           paragraph=lambda *a: "", titles_of=lambda name: [])


def test_who_acted_at_a_province_is_the_one_the_sentence_puts_there(monkeypatch):
    from assistant.answering import accept, records

    q = analyse("Ai chủ trì ở điểm cầu Bắc Giang?")
    assert at_place(q) and not at_place(analyse("Ai chủ trì hội nghị CĐS của Bắc Giang?"))
    national = Evidence("a", 0, 10, "Thủ tướng Phạm Minh Chính chủ trì phiên họp.", "", 1.3, 0)
    local = Evidence("a", 20, 30, "Tại điểm cầu tỉnh Bắc Giang, đồng chí Nguyễn Việt Oanh chủ trì.", "", 0.8, 0)
    monkeypatch.setattr(records, "bonus", lambda *a: 0.0)
    monkeypatch.setattr(records, "has_role", lambda *a: True)
    monkeypatch.setattr(accept, "acceptable", lambda *a: True)
    assert pick(_corpus("Bắc Giang"), q, [national, local], 0.5) == local


def test_a_ranking_asked_is_not_answered_by_another_ranking():
    from assistant.answering.accept import same_ranking
    from assistant.answering.question import rankings_named

    q = analyse("Đà Nẵng đứng thứ mấy về chỉ số chuyển đổi số?")
    assert rankings_named(q.text) == {"DTI"}
    ict = Evidence("a", 0, 1, "Đà Nẵng đứng đầu Chỉ số sẵn sàng cho phát triển và ứng dụng CNTT-TT (ICT Index).", "", 1, 0)
    dti = Evidence("a", 0, 1, "Năm 2023: Giá trị DTI 0,8340; Thứ hạng 1/63.", "", 1, 0)
    plain = Evidence("a", 0, 1, "Thành phố đứng đầu khối tỉnh với giá trị 0,8340.", "", 1, 0)
    assert not same_ranking(q, ict) and same_ranking(q, dti) and same_ranking(q, plain)


def test_a_question_of_several_parts_is_led_by_its_first_part():
    from assistant.answering.complete import first_part
    from assistant.answering.question import Kind

    q = analyse("Tỉnh Gia Lai mới được hình thành từ những tỉnh nào, căn cứ nghị quyết nào?")
    assert q.kind is Kind.DIRECTIVE
    lead = first_part(q)
    assert lead is not None and lead.kind is Kind.WHAT and "nghi_quyet" not in lead.terms
    assert lead.provinces == ("Gia Lai",)
    assert first_part(analyse("Nghệ An có bao nhiêu camera?")) is None


def test_a_document_asked_with_words_between_is_a_document_question():
    from assistant.answering.question import Kind

    assert analyse("Thành ủy có nghị quyết chuyên đề nào về CĐS?").kind is Kind.DIRECTIVE
    assert analyse("Nghị quyết này có điểm mới nào?").kind is not Kind.DIRECTIVE


def test_a_sentence_naming_no_year_reports_the_year_its_paragraph_stated_before_it():
    from assistant.filters import paragraph_years

    text = ("Mở đầu.\nĐến tháng 12/2023, gần 50% người dân có tài khoản. Thành phố tích hợp 1.569 DVCTT; tỷ lệ hồ sơ "
            "trực tuyến đạt 94%.\nNăm nay tỉnh đạt 90%.")
    assert paragraph_years(text, text.index("Thành phố")) == {2023}
    assert paragraph_years(text, text.index("Năm nay")) == frozenset()  # another paragraph states nothing
    assert paragraph_years("Số hồ sơ tăng so với năm 2022. Tỉnh đạt 90%.", 31) == frozenset()  # a comparison base


def test_a_figure_whose_year_its_paragraph_gave_is_labelled_with_that_year():
    from assistant.answering.compose import source_label
    from index.types import Article

    text = ("Tại phiên họp, Bộ công bố DTI năm 2023 của các địa phương. Thành phố đứng đầu với giá trị 0,8340.\n"
            "Mục tiêu đến năm 2030 thành phố dẫn đầu. Thành phố giữ vị trí này.")
    article = Article(id="a", text=text, path="", sha256="", title="t", date="2025-02-08", province="Đà Nẵng",
                      author=None)
    start = text.index("Thành phố đứng")
    assert source_label(article, start, text.index("\n")) == "Đà Nẵng, số liệu năm 2023, bài ngày 8/2/2025"
    assert source_label(article) == "Đà Nẵng, 8/2/2025"
    own = text.index("Tại phiên")  # a sentence stating its year needs no label of it
    assert source_label(article, own, start) == "Đà Nẵng, 8/2/2025"
    target = text.index("Thành phố giữ")  # "đến năm 2030" is a target, and no year of a report
    assert source_label(article, target, len(text)) == "Đà Nẵng, 8/2/2025"


def _one_article(tmp_path, name: str, text: str):
    """An assistant over one article of the test's own, indexed with the hashing embedder."""
    from assistant.api import Assistant, build
    from tests.conftest import make_settings
    from tests.fakes import HashEmbedder

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path, corpus)
    embedder = HashEmbedder()
    build(settings, embedder=embedder, progress=False)
    return Assistant.from_settings(settings, embedder=embedder)


def test_a_summary_of_one_ranking_has_no_line_about_another(tmp_path):
    from assistant.types import SummaryScope

    assistant = _one_article(
        tmp_path, "nghean-2024-03-02-xep-hang.txt",
        "Nghệ An công bố các bảng xếp hạng năm 2023\n\n"
        "Theo kết quả Chỉ số chuyển đổi số (DTI) năm 2023, Nghệ An xếp thứ 12/63 tỉnh, thành phố. Về Chỉ số sẵn "
        "sàng cho phát triển và ứng dụng CNTT-TT (ICT Index) năm 2023, tỉnh xếp thứ 20/63 tỉnh, thành phố. Chỉ số "
        "cải cách hành chính (PAR Index) của tỉnh đứng thứ 30/63 tỉnh, thành phố, tăng 4 bậc.\n")
    summary = assistant.summarize(SummaryScope(topic="thứ hạng chỉ số DTI"))
    assert "12/63" in summary.text
    assert "ICT Index" not in summary.text and "PAR Index" not in summary.text


def test_a_multiple_of_a_year_is_a_comparison_base():
    assert stated_years("Tỷ lệ hồ sơ trực tuyến đạt 45%, gấp 2,5 lần năm 2023.") == frozenset()
    assert stated_years("Năm 2023 tỉnh đạt 45%, gấp 2 lần năm 2022.") == {2023}


def test_a_count_of_several_things_prefers_the_sentence_giving_each():
    from assistant.answering.evidence import counts_each

    q = analyse("Tỉnh sau sáp nhập có bao nhiêu xã, phường?")
    assert q.units == ("xa", "phuong")
    assert counts_each(q, "Tỉnh có 135 đơn vị hành chính cấp xã, gồm 110 xã và 25 phường.")
    assert not counts_each(q, "Sở trình đề xuất đầu tư hạ tầng cho 135 xã, phường.")
    assert analyse("Tỉnh có bao nhiêu camera?").units == ()


def test_a_table_s_rows_are_found_with_their_caption():
    from assistant.answering.rows import table_of

    text = ("Mở đầu bài viết.\nThứ hạng các nhóm chỉ số của tỉnh:\nNhận thức số: Thứ hạng 1/63; Thay đổi tăng 31 bậc.\n"
            "Hạ tầng số: Thứ hạng 44/63; Thay đổi giảm 13 bậc.\n\nKết luận.")
    caption, rows = table_of(text, text.index("Hạ tầng"))
    assert caption == "Thứ hạng các nhóm chỉ số của tỉnh:"
    assert [text[a:b] for a, b in rows] == ["Nhận thức số: Thứ hạng 1/63; Thay đổi tăng 31 bậc.",
                                            "Hạ tầng số: Thứ hạng 44/63; Thay đổi giảm 13 bậc."]
    assert table_of(text, text.index("Mở đầu")) is None


def test_a_list_question_over_a_table_is_answered_with_the_rows_it_picks_out(tmp_path):
    assistant = _one_article(
        tmp_path, "hatinh-2025-07-17-dti.txt",
        "Hà Tĩnh tăng 12 bậc về chỉ số chuyển đổi số\n\n"
        "Tại hội thảo, các ý kiến cho rằng tốc độ đầu tư còn chậm nên hai nhóm chỉ số bị tụt hạng so với kỳ trước.\n\n"
        "Thứ hạng các nhóm chỉ số của Hà Tĩnh:\n"
        "Nhóm chỉ số | Thứ hạng | So với kỳ trước\n"
        "Nhận thức số | 1/63 | tăng 31 bậc\n"
        "Thể chế số | 32/63 | tăng 20 bậc\n"
        "Hạ tầng số | 44/63 | giảm 13 bậc\n"
        "Hoạt động kinh tế số | 41/63 | giảm 9 bậc\n")
    answer = assistant.ask("Những nhóm chỉ số nào của Hà Tĩnh bị tụt hạng?")
    assert not answer.refused
    assert "44/63" in answer.text and "41/63" in answer.text  # the rows that fell
    assert "tăng 31 bậc" not in answer.text and "32/63" not in answer.text  # not those that rose
