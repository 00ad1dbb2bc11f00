"""Property tests for the catalogue's number parsers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycert.catalog.numbers import (
    category_code_of_ccc_number,
    declaration_number,
    is_category_code,
    looks_like_declaration_number,
)

CODES = st.from_regex(r"[0-9]{4}", fullmatch=True)
YEARS = st.integers(1000, 9999)


@given(year=st.integers(1900, 2099), body=st.integers(0, 99), code=CODES,
       serial=st.integers(0, 999_999))
def test_the_category_code_comes_back_out_of_a_ccc_number(year, body, code, serial):
    number = f"{year}{body:02d}{code}{serial:06d}"
    assert category_code_of_ccc_number(number) == code
    # As people type it: full-width digits and spaces.
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert category_code_of_ccc_number(f" {wide[:8]} {wide[8:]} ") == code


@given(st.text(max_size=30))
def test_anything_else_has_no_category(text):
    code = category_code_of_ccc_number(text)
    assert code is None or is_category_code(code)


@pytest.mark.parametrize("number", ["202001030100012", "2020010٠01000123", "20200103010001234", "1820010301000123",
                                    "2020010301-00123", "00125Q10001R0M"])
def test_not_ccc_numbers(number):
    assert category_code_of_ccc_number(number) is None


@given(year=YEARS, code=CODES, serial=st.integers(1, 10**7))
def test_declaration_numbers_round_trip(year, code, serial):
    number = declaration_number(year, code, serial)
    assert looks_like_declaration_number(number)
    assert looks_like_declaration_number(number.lower().replace("-", "－"))
    assert number.split("-")[2] == code and int(number.split("-")[3]) == serial


@pytest.mark.parametrize(("year", "code", "serial"), [(2025, "501", 1), (2025, "0501", 0),
                                                       (99, "0501", 1), (2025, "05O1", 1)])
def test_declaration_number_parts_are_checked(year, code, serial):
    with pytest.raises(ValueError):
        declaration_number(year, code, serial)
