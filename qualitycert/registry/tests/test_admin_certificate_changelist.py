"""The certificate list in the back office: scoping, search, filters, cost."""

import pytest

from qualitycert.testing.actors import any_decision, as_actor

URL = "/admin/registry/certificate/"


def _listed(response):
    return {c.number for c in response.context["cl"].result_list}


def test_bureau_sees_every_body(client_for, supervisor, cert_a, cert_b):
    response = client_for(supervisor).get(URL)
    assert response.status_code == 200
    assert _listed(response) == {cert_a.number, cert_b.number}
    text = response.content.decode()
    assert 'class="qc-badge qc-valid"' in text
    assert cert_a.holder.uscc in text


def test_cb_sees_only_its_own_body(client_for, cb_bob, cert_a, cert_b):
    response = client_for(cb_bob).get(URL)
    assert _listed(response) == {cert_b.number}
    assert cert_a.number not in response.content.decode()


def test_cb_search_does_not_reveal_another_body(client_for, cb_bob, cert_a, cert_b):
    client = client_for(cb_bob)
    assert _listed(client.get(URL, {"q": cert_a.number})) == set()
    # The holder holds certificates of both bodies: Bob finds only his own.
    assert _listed(client.get(URL, {"q": cert_a.holder.uscc})) == {cert_b.number}


def test_cb_gets_no_body_filter(client_for, cb_bob, supervisor, cert_a, cert_b):
    bob_page = client_for(cb_bob).get(URL).content.decode()
    assert cert_a.body.name not in bob_page
    assert cert_a.body.name in client_for(supervisor).get(URL).content.decode()


def _fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_search_by_fullwidth_holder_uscc(client_for, supervisor, cert_a, cert_b):
    term = " " + _fullwidth(cert_a.holder.uscc.lower()) + " "
    assert _listed(client_for(supervisor).get(URL, {"q": term})) == {cert_a.number,
                                                                      cert_b.number}


def test_search_by_number_in_lower_case_and_fullwidth(client_for, supervisor, cert_a, cert_b):
    response = client_for(supervisor).get(URL, {"q": _fullwidth(cert_a.number.lower())})
    assert _listed(response) == {cert_a.number}


def test_search_by_holder_name(client_for, supervisor, issue, body_a, cert_a):
    from qualitycert.testing.factories import make_enterprise

    other = make_enterprise("北塘海鲜加工有限公司")
    issue(body_a, other, "OTHER-1")
    assert _listed(client_for(supervisor).get(URL, {"q": "北塘 海鲜"})) == {"OTHER-1"}


def test_filter_by_status_and_category(client_for, supervisor, issue, body_a, holder, cert_a):
    from qualitycert.registry import actions

    haccp = issue(body_a, holder, "CCC-1", scheme="CCC")
    actions.suspend_certificate(haccp, reason="抽查不合格", actor=as_actor(supervisor), decision=any_decision())
    client = client_for(supervisor)
    assert _listed(client.get(URL, {"status__exact": "suspended"})) == {"CCC-1"}
    assert _listed(client.get(URL, {"scheme__category__exact": "management_system"})) == {
        cert_a.number}


def test_list_does_not_count_the_whole_table_or_query_per_row(
        client_for, supervisor, issue, body_a, holder, django_assert_max_num_queries):
    for n in range(12):
        issue(body_a, holder, f"N-{n}")
    client = client_for(supervisor)
    client.get(URL)  # warm caches (content types, session)
    # 9: the session's second-factor device is read on every request (django-otp).
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"status__exact": "valid"})
    assert len(_listed(response)) == 12
    assert response.context["cl"].full_result_count is None


@pytest.mark.parametrize("method", ["put", "delete"])
def test_wrong_method_changes_nothing(client_for, supervisor, cert_a, method):
    response = getattr(client_for(supervisor), method)(URL)
    assert response.status_code in (200, 405)
    cert_a.refresh_from_db()
    assert cert_a.status == "valid"


def test_roles_outside_the_registry_get_403(client_for, cb_alice, supervisor, cert_a):
    from qualitycert.accounts.models import User
    from qualitycert.registry.models import Lab

    lab = Lab.objects.create(cma_number="240012345678", name="检测中心")
    lab_user = User.objects.create_user("lab", password="x", role="lab_operator", lab=lab,
                                        is_staff=True)
    assert client_for(lab_user).get(URL).status_code == 403


def test_broad_name_search_says_it_was_cut(client_for, supervisor, issue, body_a, monkeypatch):
    from qualitycert.registry.admin import certificates
    from qualitycert.testing.factories import make_enterprise

    monkeypatch.setattr(certificates, "HOLDER_LIMIT", 1)
    for n in range(2):
        issue(body_a, make_enterprise(f"海河精工{n}有限公司"), f"HH-{n}")
    response = client_for(supervisor).get(URL, {"q": "海河精工"})
    assert len(_listed(response)) == 1
    assert "仅列出其中 1 家的证书" in response.content.decode()
