import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycert.lib.normalize import (
    InvisibleCharacters,
    invisible_characters,
    name_search_key,
    normalize_identifier,
    normalize_name,
    refuse_invisible,
)


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


INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u202d", "\u202e", "\u200e", "\u2066",
             "\u061c"]


def test_invisible_characters_are_dropped_from_lookup_keys():
    for ch in INVISIBLE:
        assert normalize_identifier(f"10023E00001R0S{ch}") == "10023E00001R0S"
        assert normalize_identifier(f"100{ch}23e00001r0s") == "10023E00001R0S"


def test_writes_refuse_them_and_say_which():
    with pytest.raises(InvisibleCharacters) as refused:
        refuse_invisible("10023E00001R0S\u200b\u202e")
    assert refused.value.found == ("U+200B", "U+202E")
    assert "U+200B" in refused.value.reason_zh and "invisible" in refused.value.reason_en
    assert refuse_invisible(" ｑ１０００１ ") == "Q10001"


@given(st.text(max_size=30))
def test_no_key_holds_an_invisible_character(text):
    key = normalize_identifier(text)
    assert not invisible_characters(key)
    assert not any(unicodedata.category(ch) == "Cf" for ch in key)


@given(st.text(max_size=20), st.sampled_from(INVISIBLE), st.integers(0, 20))
def test_an_invisible_character_never_changes_the_key(text, ch, at):
    at = min(at, len(text))
    assert normalize_identifier(text[:at] + ch + text[at:]) == normalize_identifier(text)
