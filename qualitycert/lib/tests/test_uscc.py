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


def test_reasons_say_what_is_wrong():
    with pytest.raises(uscc.InvalidUSCC, match="18"):
        uscc.validate("9111000060003734")
    with pytest.raises(uscc.InvalidUSCC, match="第18位"):
        uscc.validate("91110000600037341M")
    with pytest.raises(uscc.InvalidUSCC, match="组织机构代码"):
        wrong_org_check = "9111000060003734" + "5"
        uscc.validate(wrong_org_check + uscc.final_check_char(wrong_org_check))


@given(st.text(alphabet="0123456789", min_size=8, max_size=8),
       st.sampled_from(sorted(uscc.AUTHORITIES)), st.sampled_from(list("123459")))
def test_completed_codes_always_validate(body8, authority, kind):
    code = uscc.complete(f"{authority}{kind}120116{body8}")
    assert uscc.is_valid(code)


@given(st.text(max_size=40))
def test_validate_never_raises_anything_but_invalid_uscc(text):
    try:
        uscc.validate(text)
    except uscc.InvalidUSCC:
        pass
