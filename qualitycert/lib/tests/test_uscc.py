import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycert.lib import uscc


# A published code (Microsoft (China) Co., Ltd.).
@pytest.mark.parametrize("code", ["91110000600037341L"])
def test_real_published_code_is_accepted(code):
    assert uscc.validate(code) == code


def test_full_width_input_is_normalised_first():
    assert uscc.validate("　９１１１００００６０００３７３４１ｌ 」") == "91110000600037341L"
    assert uscc.validate("「91110000 600037341l」") == "91110000600037341L"


@pytest.mark.parametrize("position", range(18))
def test_any_single_character_change_is_rejected(position):
    good = "91110000600037341L"
    for replacement in uscc.ALPHABET + "IOSVZ":
        if replacement == good[position]:
            continue
        changed = good[:position] + replacement + good[position + 1:]
        assert not uscc.is_valid(changed), changed


def test_authority_codes_a_n_y_are_allowed():
    for authority in "ANY":
        code = uscc.complete(f"{authority}1120116" + "12345678")
        assert uscc.validate(code) == code


def test_the_division_list_is_shipped_with_its_source():
    readme = (uscc.DIVISIONS_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "gb2260.csv" in readme and "Sources" in readme
    assert len(uscc.division_codes()) > 7000


def test_reasons_say_what_is_wrong():
    with pytest.raises(uscc.InvalidUSCC, match="18"):
        uscc.validate("9111000060003734")
    with pytest.raises(uscc.InvalidUSCC, match="第18位"):
        uscc.validate("91110000600037341M")
    with pytest.raises(uscc.InvalidUSCC, match="组织机构代码"):
        wrong_org_check = "9111000060003734" + "5"
        uscc.validate(wrong_org_check + uscc.final_check_char(wrong_org_check))


PAIRS = sorted((a, k) for a, kinds in uscc.AUTHORITY_TYPES.items() for k in kinds)
DIVISIONS = sorted(uscc.division_codes())


@given(st.text(alphabet="0123456789", min_size=8, max_size=8), st.sampled_from(PAIRS),
       st.sampled_from(DIVISIONS))
def test_completed_codes_always_validate(body8, pair, division):
    code = uscc.complete(f"{pair[0]}{pair[1]}{division}{body8}")
    assert uscc.is_valid(code)


@pytest.mark.parametrize(("first8", "why"), [
    ("91999999", "999999"),     # no such division
    ("91120199", "120199"),     # a district Tianjin never had
    ("99120116", "第2位"),      # an enterprise registry has no entity type 9
    ("9A120116", "第2位"),
    ("Y2120116", "第2位"),
    ("B1120116", "第1位"),      # no registration authority B
])
def test_impossible_authority_type_and_division_codes_are_refused(first8, why):
    code = uscc.complete(first8 + "MA05KQ8B")
    with pytest.raises(uscc.InvalidUSCC, match=why):
        uscc.validate(code)


@pytest.mark.parametrize("division", [
    "120116",  # 滨海新区, today
    "120107",  # 塘沽区, merged into Binhai in 2009: codes issued there stay valid
    "100000",  # registered by a central authority
    "110105",
])
def test_current_withdrawn_and_national_divisions_are_accepted(division):
    code = uscc.complete(f"91{division}MA05KQ8B")
    assert uscc.validate(code) == code


@given(st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_only_listed_divisions_pass(division):
    code = uscc.complete(f"91{division}MA05KQ8B")
    assert uscc.is_valid(code) == (division in uscc.division_codes())


@given(st.text(max_size=40))
def test_validate_never_raises_anything_but_invalid_uscc(text):
    try:
        uscc.validate(text)
    except uscc.InvalidUSCC:
        pass
