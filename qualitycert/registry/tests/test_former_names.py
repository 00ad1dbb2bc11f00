"""A known USCC under a different name (曾用名): the import reports it and
renames the holder, keeping the old name with the date it was last used; the
public page and API show it; the back office keeps it too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from qualitycert.audit.models import AuditEntry
from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Enterprise, EnterpriseName
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

from .import_files import cert_row, write_csv

pytestmark = pytest.mark.django_db
NEW_NAME = "天津滨海智能装备股份有限公司"


@pytest.fixture
def known(db) -> Enterprise:
    row = cert_row(1)
    return make_enterprise(row["holder_name"], uscc=row["holder_uscc"])


def test_the_import_reports_and_keeps_the_former_name(tmp_path, body_a, supervisor, known):
    old = known.name
    path = write_csv(tmp_path / "c.csv", [cert_row(1, holder_name=NEW_NAME)])
    checked = run_import("certificates", path, actor=as_actor(supervisor), dry_run=True)
    assert checked.renamed == [(known.uscc, old, NEW_NAME)]
    known.refresh_from_db()
    assert known.name == old  # a dry run only reports
    result = run_import("certificates", path, actor=as_actor(supervisor))
    assert result.ok and result.renamed == [(known.uscc, old, NEW_NAME)]
    assert "获证组织更名 1" in result.summary()
    known.refresh_from_db()
    assert known.name == NEW_NAME and old in known.former_names
    [former] = EnterpriseName.objects.filter(enterprise=known)
    assert (former.name, former.used_until) == (old, timezone.localdate())
    assert AuditEntry.objects.filter(action="enterprise.update", object_id=str(known.pk)).exists()


def test_the_same_name_written_differently_is_no_rename(tmp_path, body_a, supervisor, known):
    spaced = known.name.replace("有限公司", " 有限公司")
    result = run_import("certificates", write_csv(tmp_path / "c.csv",
                                                  [cert_row(1, holder_name=spaced)]),
                        actor=as_actor(supervisor))
    assert result.ok and result.renamed == []
    assert not EnterpriseName.objects.exists()


def test_two_new_names_for_one_holder_in_a_file_is_an_error(tmp_path, body_a, supervisor, known):
    rows = [cert_row(1, holder_name=NEW_NAME), cert_row(251, holder_name="另一个名字有限公司")]
    assert rows[0]["holder_uscc"] == rows[1]["holder_uscc"]
    result = run_import("certificates", write_csv(tmp_path / "c.csv", rows),
                        actor=as_actor(supervisor))
    assert not result.ok and "another name" in result.errors.first[0].reason_en


def test_the_command_lists_the_renames(tmp_path, body_a, supervisor, known, capsys):
    call_command("import_certificates",
                 str(write_csv(tmp_path / "c.csv", [cert_row(1, holder_name=NEW_NAME)])),
                 signer="supervisor")
    out = capsys.readouterr().out
    assert f"{known.uscc} “{known.name}” → “{NEW_NAME}”" in out


def test_the_public_page_and_api_show_former_names(client, supervisor):
    holder = make_enterprise("旧名称有限公司")
    holder.keep_former_name("更早的名称有限公司", dt.date(2020, 3, 1))
    holder.save()
    page = client.get(reverse("verification:enterprise", args=[holder.uscc])).content.decode()
    assert "更早的名称有限公司" in page and "2020-03-01" in page
    answer = client.get(f"/api/v1/enterprises/{holder.uscc}").json()
    assert answer["former_names"] == [{"name": "更早的名称有限公司", "until": "2020-03-01"}]


def test_a_back_office_rename_keeps_the_old_name(client_for, supervisor):
    holder = make_enterprise("后台旧名称有限公司")
    url = reverse("admin:registry_enterprise_change", args=[holder.pk])
    response = client_for(supervisor).post(url, {
        "uscc": holder.uscc, "name": "后台新名称有限公司", "former_names": "", "address": "",
        "division_code": holder.division_code, "industry_code": holder.industry_code,
        "legal_status": "active", "size": ""})
    assert response.status_code == 302
    holder.refresh_from_db()
    assert holder.name == "后台新名称有限公司"
    assert list(holder.name_history.values_list("name", flat=True)) == ["后台旧名称有限公司"]
