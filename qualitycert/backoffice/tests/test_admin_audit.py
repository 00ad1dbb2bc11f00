"""The audit log in the back office: bureau staff read it; nobody writes it."""

import pytest

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append, first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.testing.actors import as_actor

# Personas are fetched by name (getfixturevalue), so the database is declared here
# for pytest-django to order these tests before the transactional ones.
pytestmark = pytest.mark.django_db

URL = "/admin/audit/auditentry/"


@pytest.fixture
def entries(db, supervisor):
    return [append(action="test.alpha", object_type="t.thing", object_id="42", actor=as_actor(supervisor),
                   reason="第一条", after={"名称": "甲"}),
            append(action="test.beta", object_type="t.thing", object_id="7", actor=Actor.system())]


def _listed(response):
    return [e.seq for e in response.context["cl"].result_list]


def test_supervisor_reads_the_log(client_for, supervisor, entries):
    response = client_for(supervisor).get(URL)
    assert response.status_code == 200
    assert _listed(response) == [2, 1]
    page = client_for(supervisor).get(f"{URL}{entries[0].pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "第一条" in text and "&quot;名称&quot;: &quot;甲&quot;" in text
    assert 'name="_save"' not in text


def test_filter_by_action(client_for, supervisor, entries):
    assert _listed(client_for(supervisor).get(URL, {"action": "test.beta"})) == [2]


def test_search_by_object_id_is_exact(client_for, supervisor, entries):
    assert _listed(client_for(supervisor).get(URL, {"q": "42"})) == [1]
    assert _listed(client_for(supervisor).get(URL, {"q": "4"})) == []


def test_search_by_actor(client_for, supervisor, entries):
    assert _listed(client_for(supervisor).get(URL, {"q": "王监管"})) == [1]
    assert _listed(client_for(supervisor).get(URL, {"q": "system"})) == [2]


@pytest.mark.parametrize("persona", ["admin_user", "supervisor"])
def test_nobody_adds_changes_or_deletes(request, client_for, persona, entries):
    client = client_for(request.getfixturevalue(persona))
    entry = entries[0]
    assert client.get(f"{URL}add/").status_code == 403
    assert client.post(f"{URL}add/", {"action": "forged"}).status_code == 403
    assert client.post(f"{URL}{entry.pk}/change/", {"reason": "改写"}).status_code == 403
    assert client.get(f"{URL}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{URL}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(URL, {"action": "delete_selected", "_selected_action": [str(entry.pk)],
                             "post": "yes"})
    assert bulk.status_code in (200, 302)
    assert AuditEntry.objects.count() == 2
    assert AuditEntry.objects.get(pk=entry.pk).reason == "第一条"
    assert first_break() is None


def test_cb_operator_cannot_see_the_log(client_for, cb_alice, entries):
    client = client_for(cb_alice)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{entries[0].pk}/change/").status_code == 404


def test_wrong_method_changes_nothing(client_for, supervisor, entries):
    response = client_for(supervisor).delete(f"{URL}{entries[0].pk}/change/")
    assert response.status_code in (200, 405)
    assert AuditEntry.objects.count() == 2
