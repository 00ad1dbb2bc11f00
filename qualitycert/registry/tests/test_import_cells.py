"""The cell parsers: fast paths agree with the general rules they shortcut."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycert.lib.normalize import invisible_characters, normalize_identifier
from qualitycert.lib.tabular import is_formula_like
from qualitycert.registry.importers import cells

PLAIN = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9./-]{0,30}", fullmatch=True)


# No deadline: these check equality, not speed, and CI machines stall.
@settings(deadline=None)
@given(st.one_of(PLAIN, st.text(max_size=20)))
def test_identifier_is_the_normalised_key(raw):
    expected = normalize_identifier(raw)
    # An identifier to be stored with an invisible character in it is refused.
    if not expected or len(expected) > 64 or invisible_characters(raw):
        with pytest.raises(cells.CellError):
            cells.identifier(raw)
    else:
        assert cells.identifier(raw) == expected


@settings(deadline=None)
@given(st.text(max_size=12))
def test_formula_check_agrees_with_tabular(value):
    assert cells.looks_like_formula(value) == is_formula_like(value)


@pytest.mark.parametrize("value", ["=1", "+1a", "-a", "@x", "\t=1", "＝1", "﹦1", "＋x"])
def test_formula_like(value):
    assert cells.looks_like_formula(value)


@pytest.mark.parametrize("raw, expected", [
    ("2025-01-10", dt.date(2025, 1, 10)), (" 2025/1/5 ", dt.date(2025, 1, 5)),
    ("2025.01.05", dt.date(2025, 1, 5)), ("2025年1月5日", dt.date(2025, 1, 5)),
    ("２０２５－０１－０５", dt.date(2025, 1, 5)),
])
def test_dates(raw, expected):
    assert cells.date(raw) == expected


@pytest.mark.parametrize("raw", ["2025-02-30", "20250105", "05/01/2025", "2025-01-05T10:00:00",
                                 "明天", ""])
def test_bad_dates(raw):
    with pytest.raises(cells.CellError):
        cells.date(raw)


def test_statuses_in_both_languages():
    spell = lambda raw: cells.choice(raw, cells.CERTIFICATE_STATUSES)  # noqa: E731
    assert [spell(s) for s in ["有效", "暂停", "撤销", "注销", "过期", "VALID", " withdrawn "]] == [
        "valid", "suspended", "withdrawn", "cancelled", "expired", "valid", "withdrawn"]
    with pytest.raises(cells.CellError, match="有效"):
        spell("作废")


def test_lists_and_booleans():
    assert cells.text_list(" 甲地；乙地; ;丙  地 ") == ["甲地", "乙地", "丙 地"]
    with pytest.raises(cells.CellError):
        cells.text_list("甲地;=1+1")
    assert [cells.boolean(v) for v in ["是", "否", "Y", "false", "１"]] == [True, False, True,
                                                                            False, True]
