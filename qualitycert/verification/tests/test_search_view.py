import pytest

from qualitycert.testing.factories import make_enterprise

pytestmark = pytest.mark.django_db
URL = "/verify/"


def test_empty_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "证书编号、统一社会信用代码或企业名称" in response.content.decode()


def test_number_goes_to_the_certificate(client, cert_a):
    response = client.get(URL, {"q": cert_a.number})
    assert response.status_code == 302
    assert response["Location"] == f"/c/{cert_a.body.approval_number}/{cert_a.number}/"


@pytest.mark.parametrize("typed", ["００１２５Ｑ１０００１Ｒ０Ｍ", " 00125q 10001r0m ", "「00125Q10001R0M」"])
def test_what_people_type_finds_the_same_certificate(client, cert_a, typed):
    response = client.get(URL, {"q": typed})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{cert_a.number}/")


def test_number_at_two_bodies_lists_both(client, issue, cert_a, body_b, holder):
    issue(body_b, holder, cert_a.number)
    page = client.get(URL, {"q": cert_a.number}).content.decode()
    assert "CNCA-R-2002-001" in page and "CNCA-R-2003-002" in page
    assert "多个认证机构" in page


def test_uscc_goes_to_the_enterprise(client, cert_a, holder):
    response = client.get(URL, {"q": holder.uscc.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/e/{holder.uscc}/"


def test_part_of_a_name_finds_the_enterprise(client, holder):
    page = client.get(URL, {"q": "滨海 测试"}).content.decode()
    assert holder.name in page and f"/e/{holder.uscc}/" in page


def test_name_search_is_capped_and_has_no_next_page(client):
    for n in range(25):
        make_enterprise(f"翻页测试企业{n:02d}有限公司")
    first = client.get(URL, {"q": "翻页测试企业"}).content.decode()
    assert first.count("/e/") == 20
    assert "仅显示前 20 家" in first
    # No page parameter exists: asking for one changes nothing.
    assert client.get(URL, {"q": "翻页测试企业", "page": "2"}).content.decode().count("/e/") == 20


def test_one_character_is_not_a_search(client, holder):
    page = client.get(URL, {"q": "天"}).content.decode()
    assert holder.name not in page
    assert "至少需要两个字" in page


def test_nothing_found_explains_and_shows_coverage(client, cert_a, body_b):
    import datetime as dt

    body_b.last_reported_on = dt.date(2025, 1, 1)
    body_b.save()
    page = client.get(URL, {"q": "NO-SUCH-0001"}).content.decode()
    assert "未查到" in page
    assert "尚未报送" in page and "伪造" in page
    assert "CNCA-R-2002-001" in page and "CNCA-R-2003-002" in page
    assert "2025-01-01" in page and "从未报送" in page
    assert "/verify/report/?certificate_number=NO-SUCH-0001" in page


def test_query_is_escaped(client, db):
    page = client.get(URL, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_holder_name_with_script_is_escaped(client, issue, body_a, body_b):
    evil = make_enterprise("<script>alert('x')</script>有限公司")
    issue(body_a, evil, "XSS-1")
    issue(body_b, evil, "XSS-1")
    page = client.get(URL, {"q": "XSS-1"}).content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;" in page


def test_post_is_not_allowed(client, db):
    assert client.post(URL, {"q": "x"}).status_code == 405


def test_rate_limited_with_retry_after(client, cert_a, settings):
    settings.QC_RATE_ANON_PER_MINUTE = 3
    codes = [client.get(URL, {"q": cert_a.number}).status_code for _ in range(4)]
    assert codes[:3] == [302, 302, 302]
    response = client.get(URL, {"q": cert_a.number})
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "查询过于频繁" in response.content.decode()


def test_limit_is_per_client_address(client, cert_a, settings):
    settings.QC_RATE_ANON_PER_MINUTE = 1
    assert client.get(URL, {"q": cert_a.number}, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.get(URL, {"q": cert_a.number}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(URL, {"q": cert_a.number}, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_unknown_code_does_not_scan_company_names(client, db, monkeypatch):
    from qualitycert.verification import queries

    def refuse(*args, **kwargs):
        raise AssertionError("a code-like query must not trigger a name scan")

    monkeypatch.setattr(queries, "enterprises_by_name", refuse)
    assert "未查到" in client.get(URL, {"q": "ZZ-2099-000123"}).content.decode()
