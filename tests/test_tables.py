"""Tables typed as text become sentences that keep their column headers (index/tables.py)."""

from __future__ import annotations

from index.articles import parse_article
from index.tables import cells, tables_as_sentences


def test_a_table_of_indicators_by_year_reads_as_one_sentence_a_row():
    text = "Kết quả như sau:\nChỉ tiêu | 2023 | 2024\nTỷ lệ hồ sơ trực tuyến | 61,2% | 77,5%\nSố DVCTT | 872 | 1.105\nHết."
    assert tables_as_sentences(text).split("\n") == [
        "Kết quả như sau:", "Tỷ lệ hồ sơ trực tuyến: năm 2023 61,2%; năm 2024 77,5%.",
        "Số DVCTT: năm 2023 872; năm 2024 1.105.", "Hết."]


def test_markdown_tables_and_year_rows_keep_the_first_header():
    text = "| Năm | Giá trị DTI | Thứ hạng |\n|---|---|---|\n| 2022 | 0,8002 | 1/63 |"
    assert tables_as_sentences(text) == "Năm 2022: Giá trị DTI 0,8002; Thứ hạng 1/63."


def test_lines_that_are_not_tables_stay_as_they_are():
    text = "14/08/2023 | 07:30\nMột câu bình thường.\nA | B\nC | D | E"
    assert tables_as_sentences(text) == text
    assert cells("một | ") is None and cells("không có ô") is None


def test_an_article_with_a_table_is_read_with_sentences_and_its_figures_found():
    article = parse_article("dongthap-2024-03-04-x", "Tin\nChỉ tiêu | 2022 | 2023\nĐạt và vượt | 13 | 43\n")
    assert "Đạt và vượt: năm 2022 13; năm 2023 43." in article.text and "|" not in article.text
