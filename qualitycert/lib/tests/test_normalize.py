from hypothesis import given
from hypothesis import strategies as st

from qualitycert.lib.normalize import name_search_key, normalize_identifier, normalize_name


def test_identifier_full_width_spaces_case_and_brackets():
    assert normalize_identifier(" 「ｃｎｃａ－ｒ－２００２－００１」 ") == "CNCA-R-2002-001"
    assert normalize_identifier("00125 q1 0001") == "00125Q10001"
    assert normalize_identifier(None) == ""


def test_name_keeps_case_but_unifies_width_and_space():
    assert normalize_name("天津　ＡＢＣ  （集团）有限公司 ") == "天津 ABC (集团)有限公司"


def test_search_key_ignores_punctuation_and_width():
    assert name_search_key("天津（滨海）科技 有限公司") == name_search_key("天津(滨海)科技有限公司")


@given(st.text())
def test_normalising_twice_changes_nothing(text):
    once = normalize_identifier(text)
    assert normalize_identifier(once) == once
