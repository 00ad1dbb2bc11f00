"""The audit log screens say what happened in words, in local time; the
machine codes stay beside the words on an entry's own page (issue 11, item 6)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/admin/audit/auditentry/"


def _suspended(cert, who):
    from django.utils import timezone

    from qualitycert.accounts.actor import Actor
    from qualitycert.registry import actions
    from qualitycert.testing.fixtures import bureau_decision

    today = timezone.localdate()
    actions.suspend_certificate(cert, reason="未按期接受监督审核", on=today, actor=Actor.of(who),
                                decision=bureau_decision(today))


def _results(html: str) -> str:
    return html.split('id="result_list"', 1)[1].split("</table>", 1)[0]


def test_the_list_shows_actions_and_object_types_in_words(client_for, supervisor, cert_a):
    from qualitycert.audit.models import AuditEntry
    from qualitycert.backoffice.display import local_datetime

    _suspended(cert_a, supervisor)
    page = client_for(supervisor).get(URL).content.decode()
    rows = _results(page)
    assert "暂停证书" in rows and "颁发证书" in rows and "证书" in rows
    assert "certificate.suspend" not in rows and "registry.certificate" not in rows
    entry = AuditEntry.objects.get(action="certificate.suspend")
    assert local_datetime(entry.at) in rows


def test_the_filters_offer_words_and_still_filter_by_code(client_for, supervisor, cert_a):
    _suspended(cert_a, supervisor)
    client = client_for(supervisor)
    page = client.get(URL).content.decode()
    sidebar = page.split('id="changelist-filter"', 1)[1]
    assert "暂停证书" in sidebar and "?action=certificate.suspend" in sidebar
    assert ">certificate.suspend<" not in sidebar
    listed = client.get(URL, {"action": "certificate.suspend"}).context["cl"].result_list
    assert [e.action for e in listed] == ["certificate.suspend"]
    listed = client.get(URL, {"object_type": "registry.certificate"}).context["cl"].result_list
    assert len(listed) == 2


def test_an_entry_page_shows_words_with_the_code_beside(client_for, supervisor, cert_a):
    from qualitycert.audit.models import AuditEntry

    _suspended(cert_a, supervisor)
    entry = AuditEntry.objects.get(action="certificate.suspend")
    page = client_for(supervisor).get(f"{URL}{entry.pk}/change/").content.decode()
    assert "暂停证书" in page and '<code class="qc-code">certificate.suspend</code>' in page
    assert '<code class="qc-code">registry.certificate</code>' in page
    # The chain's links are named in Chinese too (they read "Prev hash", "Entry hash").
    assert "上一条的哈希值" in page and "本条哈希值" in page
    assert "Prev hash" not in page and "Entry hash" not in page
    assert f'<code class="qc-code">{entry.entry_hash}</code>' in page


def test_unknown_codes_show_as_they_are(client_for, supervisor):
    from qualitycert.accounts.actor import Actor
    from qualitycert.audit.chain import append

    entry = append(action="new.thing", object_type="x.y", object_id="1",
                   actor=Actor.of(supervisor))
    page = client_for(supervisor).get(URL).content.decode()
    assert "new.thing" in _results(page)
    detail = client_for(supervisor).get(f"{URL}{entry.pk}/change/").content.decode()
    assert "<code>new.thing</code>" in detail


def test_in_english_the_words_are_english(client_for, supervisor, cert_a):
    client = client_for(supervisor)
    client.cookies["django_language"] = "en"
    rows = _results(client.get(URL).content.decode())
    assert "Certificate issued" in rows and "颁发证书" not in rows


@pytest.mark.parametrize("persona", ["cb_alice", "cb_bob"])
def test_a_body_clerk_does_not_read_the_log(request, client_for, persona, cert_a):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_the_log_is_never_written_through_the_back_office(client_for, supervisor, cert_a):
    from qualitycert.audit.models import AuditEntry

    entry = AuditEntry.objects.first()
    client = client_for(supervisor)
    assert client.post(f"{URL}{entry.pk}/change/", {"reason": "改"}).status_code == 403
    assert client.post(f"{URL}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
