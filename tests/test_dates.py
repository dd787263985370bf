"""One date parser for every date box and option: the forms people type, real calendar dates only."""

from __future__ import annotations

import pytest

from assistant.dates import InvalidDate, ReversedPeriod, date_bound, display_date, parse_iso, period, search_filters


@pytest.mark.parametrize("typed, first, last", [
    ("2024", 20240101, 20241231), ("2024-05", 20240501, 20240531), ("2024-5", 20240501, 20240531),
    ("2024-05-16", 20240516, 20240516), ("05/2024", 20240501, 20240531), ("16/05/2024", 20240516, 20240516),
    ("2024-02", 20240201, 20240229), (" 2023 ", 20230101, 20231231),
])
def test_every_form_gives_its_first_and_last_day(typed, first, last):
    assert (date_bound(typed, last=False), date_bound(typed, last=True)) == (first, last)


@pytest.mark.parametrize("typed", ["2023-13", "2023-02-30", "31/02/2024", "abc", "16.05.2024", "2024/05/16", "0/2024"])
def test_what_is_not_a_calendar_date_is_refused_with_the_text_named(typed):
    assert parse_iso(typed) is None
    with pytest.raises(InvalidDate) as raised:
        date_bound(typed, last=False, label="Từ ngày")
    assert typed in raised.value.message and raised.value.message.startswith("Từ ngày")


def test_blank_boxes_restrict_nothing():
    assert date_bound("", last=True) is None and date_bound(None, last=False) is None
    assert search_filters([], "", "  ") is None


def test_a_reversed_period_is_refused():
    with pytest.raises(ReversedPeriod):
        period("2025", "2024")
    assert period("05/2024", "2024-05-31") == (20240501, 20240531)


def test_display_date_reads_as_vietnamese_readers_write_it():
    assert [display_date(d) for d in ("2025-05-16", "2023-10", "2023", None)] == \
           ["16/05/2025", "10/2023", "2023", "không rõ ngày"]
