"""A lab's staff in the back office (docs/decisions/0017-lab-role.md): their
own lab only, its CMA facts read-only, its contact details theirs to keep."""

import datetime as dt

import pytest

from qualitycert.accounts.models import Role, User
from qualitycert.audit.models import AuditEntry
from qualitycert.registry.models import Lab, LabStatus

LABS = "/admin/registry/lab/"


@pytest.fixture
def lab(db):
    return Lab.objects.create(cma_number="241212340123", name="天津滨海检验检测中心",
                              fields=["食品", "机动车检验"], valid_from=dt.date(2024, 3, 1),
                              valid_until=dt.date(2030, 2, 28))


@pytest.fixture
def other_lab(db):
    return Lab.objects.create(cma_number="241212340456", name="天津市产品质量监督检测技术研究院")


@pytest.fixture
def lab_user(lab):
    return User.objects.create_user("lab_op", password="x-long-password", role="lab_operator",
                                    lab=lab, is_staff=True, first_name="陈静")


def _change(lab):
    return f"{LABS}{lab.pk}/change/"


def _form(lab, **changes):
    data = {"address": lab.address, "contact_name": lab.contact_name,
            "contact_phone": lab.contact_phone, "_save": "1"}
    return {**data, **changes}


def test_the_lab_enters_the_back_office_and_sees_its_lab_only(client_for, lab_user, lab,
                                                               other_lab):
    client = client_for(lab_user)
    home = client.get("/admin/")
    assert home.status_code == 200
    page = home.content.decode()
    assert LABS in page
    assert "/admin/registry/certificate/" not in page and "/admin/accounts/user/" not in page
    listing = client.get(LABS).content.decode()
    assert lab.cma_number in listing and other_lab.cma_number not in listing
    assert client.get(_change(other_lab)).status_code == 404


def test_the_lab_reads_its_cma_facts_and_scope(client_for, lab_user, lab):
    response = client_for(lab_user).get(_change(lab))
    assert response.status_code == 200
    page = response.content.decode()
    assert "241212340123" in page and "<div>食品</div><div>机动车检验</div>" in page
    assert 'name="cma_number"' not in page and 'name="status"' not in page
    assert 'name="fields"' not in page and 'name="valid_until"' not in page
    assert 'name="contact_phone"' in page and 'href="/catalog/lab/samples/"' in page


def test_the_lab_keeps_its_contact_details_and_nothing_else(client_for, lab_user, lab):
    response = client_for(lab_user).post(_change(lab), _form(
        lab, contact_name="陈静", contact_phone="022-6620 1234", address="滨海新区第三大街 8 号",
        # A crafted post for the authority's facts is ignored.
        cma_number="999999999999", status=LabStatus.VALID, valid_until="2099-12-31",
        fields="全部领域"))
    assert response.status_code == 302
    lab.refresh_from_db()
    assert (lab.contact_name, lab.contact_phone, lab.address) == (
        "陈静", "022-6620 1234", "滨海新区第三大街 8 号")
    assert lab.cma_number == "241212340123" and lab.valid_until == dt.date(2030, 2, 28)
    assert lab.fields == ["食品", "机动车检验"]
    entry = AuditEntry.objects.get(action="admin.change", object_id=str(lab.pk))
    assert entry.actor == lab_user
    assert set(entry.after) == {"contact_name", "contact_phone", "address"}


def test_another_labs_record_is_404_to_write(client_for, lab_user, other_lab):
    response = client_for(lab_user).post(_change(other_lab), _form(other_lab, contact_name="X"))
    assert response.status_code == 404
    other_lab.refresh_from_db()
    assert other_lab.contact_name == ""


def test_the_lab_neither_adds_nor_deletes(client_for, lab_user, lab):
    client = client_for(lab_user)
    assert client.get(f"{LABS}add/").status_code == 403
    assert client.post(f"{LABS}{lab.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Lab.objects.filter(pk=lab.pk).exists()


def test_wrong_method_changes_nothing(client_for, lab_user, lab):
    # The admin answers anything but POST with the page; only a POST saves.
    client_for(lab_user).put(_change(lab), "contact_name=X")
    lab.refresh_from_db()
    assert lab.contact_name == ""


@pytest.mark.parametrize("persona", ["cb_alice", "inspector", "enterprise_user"])
def test_other_roles_do_not_reach_the_labs(request, client_for, lab, persona):
    response = client_for(request.getfixturevalue(persona)).get(_change(lab))
    # A body's clerk is in the back office but not allowed here; the others
    # are sent to the login page.
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/login/" in response["Location"]


def test_a_lab_account_without_staff_status_stays_out(client_for, lab):
    user = User.objects.create_user("lab_off", password="x-long-password", role="lab_operator",
                                    lab=lab)
    response = client_for(user).get(_change(lab))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_bureau_still_keeps_every_field(client_for, supervisor, lab):
    page = client_for(supervisor).get(_change(lab)).content.decode()
    assert 'name="cma_number"' in page and 'name="fields"' in page
    assert "/catalog/lab/samples/" not in page


def test_the_demo_lab_account_is_staff(db, lab):
    from django.utils import timezone

    from qualitycert.demo.accounts import create_demo_accounts
    from qualitycert.testing.factories import make_body

    create_demo_accounts(body=make_body("CNCA-R-2002-001", "甲认证"), lab=lab, enterprise=None,
                         joined=timezone.now())
    demo = User.objects.get(username="lab_demo")
    assert demo.role == Role.LAB_OPERATOR and demo.is_staff and demo.lab == lab
