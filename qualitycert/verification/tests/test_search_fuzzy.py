"""The public search forgives: a typo or a missing word offers "您要找的是不是…",
a USCC goes to the company, company results carry status and valid-certificate
counts, and nothing typed ever makes a 500."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qualitycert.registry.models import LegalStatus
from qualitycert.testing.factories import make_enterprise
from qualitycert.verification.suggest import bigrams, suggestions

pytestmark = pytest.mark.django_db
URL = "/verify/"


@pytest.fixture
def farms(db):
    """Names like the district's, with near neighbours to confuse a matcher."""
    names = ["天津滨海绿野种植农业科技有限公司", "天津滨海绿洲养殖有限公司",
             "天津市蓝天环保科技有限公司", "天津市蓝海物流有限公司",
             "天津滨海测试制造有限公司"]
    for n in range(30):
        names.append(f"天津滨海第{n}号贸易有限公司")
    return {name: make_enterprise(name) for name in names}


@pytest.mark.parametrize(("typed", "meant"), [
    ("绿野种殖", "天津滨海绿野种植农业科技有限公司"),
    ("天津滨海绿野种殖农业科技有限公司", "天津滨海绿野种植农业科技有限公司"),
    ("蓝天环宝", "天津市蓝天环保科技有限公司"),
    ("天津市蓝天环宝科技有限公司", "天津市蓝天环保科技有限公司"),
    # a word left out
    ("天津滨海测试有限公司", "天津滨海测试制造有限公司"),
    # the typo in the first distinctive character
    ("天津滨海测式制造", "天津滨海测试制造有限公司"),
])
def test_typo_suggests_the_intended_company(client, farms, typed, meant):
    assert suggestions(typed)[0].name == meant
    response = client.get(URL, {"q": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "您要找的是不是" in page
    assert meant in page


def test_suggestion_link_searches_the_suggested_name(client, farms):
    page = client.get(URL, {"q": "绿野种殖"}).content.decode()
    assert "/verify/?q=%E5%A4%A9" in page  # the suggested name, URL-encoded
    name = "天津滨海绿野种植农业科技有限公司"
    result = client.get(URL, {"q": name}).content.decode()
    assert f"/e/{farms[name].uscc}/" in result


def test_nothing_close_offers_nothing(client, farms):
    page = client.get(URL, {"q": "量子计算机器人"}).content.decode()
    assert "未查到" in page and "您要找的是不是" not in page


def test_common_pairs_select_nothing():
    assert bigrams("有限公司") == []
    assert bigrams("绿野种殖") == ["绿野", "野种", "种殖"]
    assert bigrams("天津滨海测式制造") == ["海测", "测式", "式制"]


def test_suggestions_in_english(client, farms):
    page = client.get(URL, {"q": "绿野种殖"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Did you mean" in page and "您要找的是不是" not in page


def test_uscc_goes_straight_to_the_company(client, holder):
    response = client.get(URL, {"q": holder.uscc.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/e/{holder.uscc}/"


def test_full_width_uscc_goes_to_the_company(client, holder):
    full_width = holder.uscc.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    response = client.get(URL, {"q": full_width})
    assert response["Location"] == f"/e/{holder.uscc}/"


def test_unregistered_uscc_says_so(client, db):
    from qualitycert.lib.uscc import complete

    response = client.get(URL, {"q": complete("9112011600000001")})
    assert response.status_code == 200
    assert "格式正确，但本系统中没有这家企业" in response.content.decode()


def test_company_results_show_status_and_valid_count(client, issue, body_a, holder):
    issue(body_a, holder, "CNT-1")
    issue(body_a, holder, "CNT-2")
    issue(body_a, holder, "CNT-OLD", issued_on=dt.date(2018, 1, 1))  # expired in 2020
    other = make_enterprise("天津滨海测试制造二厂有限公司", legal_status=LegalStatus.REVOKED)
    page = client.get(URL, {"q": "滨海测试制造"}).content.decode()
    assert "有效证书 2 张" in page and "有效证书 0 张" in page
    assert "存续" in page and "吊销" in page
    assert other.name in page


def test_company_results_are_one_query(client, issue, body_a, django_assert_max_num_queries):
    for n in range(5):
        e = make_enterprise(f"计数测试企业{n}有限公司")
        issue(body_a, e, f"Q-{n}")
    from qualitycert.verification import queries

    with django_assert_max_num_queries(2):
        found, _ = queries.enterprises_by_name("计数测试企业")
        assert [e.valid_certificates for e in found] == [1] * 5


def test_too_long_query_is_a_clear_400(client, db):
    response = client.get(URL, {"q": "天" * 201})
    assert response.status_code == 400
    page = response.content.decode()
    assert "查询内容过长" in page and "200" in page


def test_null_character_is_a_clear_400(client, db):
    response = client.get(URL, {"q": "天津\x00滨海"})
    assert response.status_code == 400
    assert "无法识别的字符" in response.content.decode()


def test_typed_text_is_escaped_in_suggestions_page(client, farms):
    page = client.get(URL, {"q": "<b>绿野种殖</b>"}).content.decode()
    assert "<b>绿野种殖</b>" not in page and "&lt;b&gt;" in page


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_wrong_method(client, db, method):
    assert getattr(client, method)(URL, {"q": "绿野种殖"}).status_code == 405


@hypothesis_settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=260))
def test_arbitrary_text_never_fails(client, farms, settings, text):
    settings.QC_RATE_ANON_PER_MINUTE = 100_000
    response = client.get(URL, {"q": text})
    assert response.status_code in (200, 302, 400)


def test_results_and_errors_in_english(client, cert_a, holder):
    make_enterprise("天津滨海测试制造二厂有限公司")
    page = client.get(URL, {"q": "滨海测试制造"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Valid certificates: 1" in page and "Valid certificates: 0" in page
    assert "有效证书" not in page
    too_long = client.get(URL, {"q": "x" * 201}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The search is too long: at most 200 characters (it has 201)." in too_long


def test_a_late_typo_is_found_without_scanning_the_table(farms, monkeypatch):
    from qualitycert.verification import suggest

    def refuse(key):
        raise AssertionError("the indexed prefix probes should have found it")

    monkeypatch.setattr(suggest, "_bigram_candidates", refuse)
    assert suggestions("天津滨海绿野种殖农业科技有限公司")[0].name == "天津滨海绿野种植农业科技有限公司"
