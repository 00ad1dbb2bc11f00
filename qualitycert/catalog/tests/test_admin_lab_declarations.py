"""A lab's staff read, in the back office, the self-declarations that cite
their lab's test reports, and no others (docs/decisions/0017-lab-role.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.catalog import actions
from qualitycert.catalog.models import SelfDeclaration
from qualitycert.testing.actors import as_actor

LIST = "/admin/catalog/selfdeclaration/"


@pytest.fixture
def declarations(catalogue, lab, other_lab, holder, supervisor):
    def file(the_lab, report):  # type: ignore[no-untyped-def]
        return actions.file_declaration(
            enterprise=holder, category=catalogue["categories"]["0501"], product="手持式电钻",
            models=["Z1J-10"], lab=the_lab, report_number=report,
            report_date=dt.date(2025, 2, 20), declared_on=dt.date(2025, 3, 1),
            actor=as_actor(supervisor))
    return file(lab, "OURS-2025-1"), file(other_lab, "THEIRS-2025-1")


@pytest.fixture
def lab_staff_user(lab_user):
    lab_user.is_staff = True
    lab_user.save(update_fields=["is_staff"])
    return lab_user


def test_the_lab_reads_the_declarations_citing_its_reports(client_for, lab_staff_user,
                                                           declarations):
    ours, theirs = declarations
    client = client_for(lab_staff_user)
    listing = client.get(LIST).content.decode()
    assert ours.number in listing and "OURS-2025-1" in listing
    assert theirs.number not in listing
    assert client.get(f"{LIST}{ours.pk}/change/").status_code == 200
    assert client.get(f"{LIST}{theirs.pk}/change/").status_code == 404


def test_the_lab_changes_nothing(client_for, lab_staff_user, declarations):
    ours, _ = declarations
    client = client_for(lab_staff_user)
    assert client.post(f"{LIST}{ours.pk}/change/", {"product": "改"}).status_code == 403
    assert client.get(f"{LIST}add/").status_code == 403
    assert SelfDeclaration.objects.get(pk=ours.pk).product == "手持式电钻"


@pytest.mark.parametrize("persona", ["cb_alice", "enterprise_user"])
def test_other_roles_do_not_read_them_here(request, client_for, declarations, persona):
    response = client_for(request.getfixturevalue(persona)).get(LIST)
    assert response.status_code in (302, 403)


def test_the_bureau_reads_them_all(client_for, supervisor, declarations):
    listing = client_for(supervisor).get(LIST).content.decode()
    assert all(d.number in listing for d in declarations)
