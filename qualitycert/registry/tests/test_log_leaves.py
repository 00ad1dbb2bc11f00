"""Certificate state changes become leaves of the transparency log, in the
transaction of the change: one per lifecycle step, one per imported row."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qualitycert.audit.models import LogLeaf
from qualitycert.registry import actions, leaves
from qualitycert.registry.corrections import correct_certificate_details
from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Certificate
from qualitycert.testing.actors import any_decision, as_actor

from .import_files import CERT_HEADER, cert_row, write_csv

pytestmark = pytest.mark.django_db


def _certificate_leaves(cert=None):
    rows = LogLeaf.objects.filter(kind="certificate").order_by("index")
    if cert is not None:
        rows = rows.filter(ref=cert.pk)
    return [json.loads(leaf.data) for leaf in rows]


def test_each_step_is_a_leaf_with_the_resulting_state(cert_a, supervisor):
    actions.suspend_certificate(cert_a, reason="未按期监督", actor=as_actor(supervisor),
                                on=dt.date(2025, 6, 1), decision=any_decision())
    actions.restore_certificate(cert_a, reason="整改完成", actor=as_actor(supervisor),
                                on=dt.date(2025, 7, 1))
    correct_certificate_details(cert_a, scope="新的认证范围", sites=["天津"], reason="更正",
                                actor=as_actor(supervisor))
    found = _certificate_leaves(cert_a)
    assert [(d["event"], d["previous_status"], d["status"]) for d in found] == [
        ("issue", "", "valid"), ("suspend", "valid", "suspended"),
        ("restore", "suspended", "valid"), ("correct", "valid", "valid")]
    issue = found[0]
    assert issue == {
        "v": 1, "type": "certificate", "number": "00125Q10001R0M", "body": "CNCA-R-2002-001",
        "holder_uscc": cert_a.holder.uscc, "holder_name": cert_a.holder.name,
        "scheme": "ISO9001", "status": "valid", "issued_on": "2025-01-10",
        "expires_on": "2028-01-09", "last_surveillance_on": None,
        "details_sha256": leaves.details_sha256("测试范围", []), "event": "issue",
        "event_on": "2025-01-10", "previous_status": "", "signer": as_actor(supervisor).signature()}
    assert found[1]["event_on"] == "2025-06-01"
    assert found[3]["details_sha256"] == leaves.details_sha256("新的认证范围", ["天津"])
    # The leaf is filed under the certificate, and the latest is the one to prove.
    assert leaves.latest_leaf_index(cert_a.pk) == LogLeaf.objects.filter(
        kind="certificate").order_by("-index").values_list("index", flat=True).first()


def test_refused_step_adds_no_leaf(cert_a, supervisor):
    before = LogLeaf.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the refusal's type is the action's business
        actions.restore_certificate(cert_a, reason="不能恢复有效证书", actor=as_actor(supervisor))
    assert LogLeaf.objects.count() == before


def test_import_adds_one_leaf_per_created_row(tmp_path, body_a, supervisor):
    rows = [cert_row(n) for n in range(40)] + [cert_row(40, status="cancelled",
                                                        status_reason="企业申请注销")]
    result = run_import("certificates", write_csv(tmp_path / "c.csv", rows,
                                                  header=[*CERT_HEADER, "status_reason"]),
                        actor=as_actor(supervisor))
    assert result.ok and result.created == 41
    found = _certificate_leaves()
    assert len(found) == 41
    assert all(d["event"] == leaves.REGISTER and d["previous_status"] == "" for d in found)
    assert [d["number"] for d in found] == [r["certificate_number"] for r in rows]
    cancelled = Certificate.objects.get(number=rows[-1]["certificate_number"])
    assert found[-1]["status"] == "cancelled"
    assert found[-1]["event_on"] == cancelled.status_changed_on.isoformat()
    assert found[0]["holder_name"] == rows[0]["holder_name"]
    # The batch's audit entry comes after its leaves.
    last = LogLeaf.objects.order_by("-index").first()
    assert last.kind == "audit"


def test_refused_import_adds_no_leaf(tmp_path, body_a, supervisor):
    rows = [cert_row(n) for n in range(5)]
    rows[3]["expires_on"] = "2023-02-30"
    result = run_import("certificates", write_csv(tmp_path / "bad.csv", rows), actor=as_actor(supervisor))
    assert not result.ok
    assert not LogLeaf.objects.exists()


def test_renaming_a_holder_logs_its_certificates(tmp_path, cert_a, cert_b, supervisor, holder):
    path = tmp_path / "e.csv"
    path.write_text("uscc,name\n" + f"{holder.uscc},滨海改名后有限公司\n", encoding="utf-8")
    assert run_import("enterprises", path, actor=as_actor(supervisor)).ok
    renamed = [d for d in _certificate_leaves() if d["event"] == leaves.HOLDER_CHANGED]
    assert sorted(d["number"] for d in renamed) == sorted([cert_a.number, cert_b.number])
    assert {d["holder_name"] for d in renamed} == {"滨海改名后有限公司"}


def test_renaming_a_holder_in_the_back_office_logs_its_certificates(client_for, supervisor,
                                                                  cert_a, holder):
    from .admin_forms import form_data

    url = f"/admin/registry/enterprise/{holder.pk}/change/"
    client = client_for(supervisor)
    data = form_data(client.get(url), "enterprise_form", name="后台改名有限公司")
    assert client.post(url, data).status_code == 302
    [renamed] = [d for d in _certificate_leaves(cert_a) if d["event"] == leaves.HOLDER_CHANGED]
    assert renamed["holder_name"] == "后台改名有限公司"
    assert Certificate.objects.get(pk=cert_a.pk).holder.name == "后台改名有限公司"


def test_imported_leaves_are_the_leaves_the_rows_read_back_give(tmp_path, body_a, holder,
                                                                supervisor):
    """The import builds each `register` leaf from the values it inserted rather
    than reading every row back; the bytes must be exactly those
    append_registered builds from the stored rows (docs/transparency-log.md)."""
    header = [*CERT_HEADER, "sites", "last_surveillance_on", "status_changed_on",
              "status_reason"]
    rows = [cert_row(n) for n in range(30)]
    rows[1].update(sites="天津市滨海新区；北京市 朝阳区", scope="  带  空格的  范围 ")
    rows[2].update(last_surveillance_on="2024-06-01")
    rows[3].update(status="suspended", status_changed_on="2024-09-01",
                   status_reason="监督审核不合格")
    rows[4].update(status="cancelled", status_reason="持证人申请注销")  # no date: today
    rows[5].update(holder_uscc=holder.uscc, holder_name=holder.name)  # registered holder
    rows[6].update(holder_uscc=holder.uscc.lower(), holder_name=f" {holder.name} ")
    result = run_import("certificates", write_csv(tmp_path / "c.csv", rows, header=header),
                        actor=as_actor(supervisor))
    assert result.ok and result.created == 30 and not result.renamed
    stored = {leaf.ref: leaf.data for leaf in LogLeaf.objects.filter(kind="certificate")}
    rebuilt = {pk: leaves.leaf_data(state, event=leaves.REGISTER, on=on, previous_status="",
                                    signer=signer)
               for pk, state, (on, signer) in leaves.current_states()}
    assert len(stored) == 30 and stored == rebuilt
    by_number = {json.loads(data)["number"]: json.loads(data) for data in stored.values()}
    assert by_number[rows[5]["certificate_number"]]["holder_name"] == holder.name
    assert by_number[rows[3]["certificate_number"]]["event_on"] == "2024-09-01"


def test_a_renamed_holder_registers_under_its_old_name_then_changes(tmp_path, body_a, holder,
                                                                    supervisor):
    row = cert_row(1, holder_uscc=holder.uscc, holder_name="导入时的新名称有限公司")
    result = run_import("certificates", write_csv(tmp_path / "c.csv", [row]),
                        actor=as_actor(supervisor))
    assert result.ok and result.renamed
    found = _certificate_leaves()
    assert [(d["event"], d["holder_name"]) for d in found] == [
        (leaves.REGISTER, "天津滨海测试制造有限公司"), (leaves.HOLDER_CHANGED, "导入时的新名称有限公司")]


# Any text a cell or a name could hold, quotes, backslashes and controls included,
# and the characters JSON escapes mixed in often.
_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"])
                | st.sampled_from('"\\/\x00\x1f\x7f\u2028测'), max_size=12)


@hypothesis_settings(max_examples=200, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
@given(number=_TEXT, body=_TEXT, uscc=_TEXT, name=_TEXT, scheme=_TEXT, status=_TEXT,
       surveillance=st.none() | _TEXT, scope=_TEXT, sites=st.none() | st.lists(_TEXT, max_size=3),
       on=_TEXT, signer=_TEXT)
def test_registered_leaf_is_the_canonical_leaf(number, body, uscc, name, scheme, status,
                                               surveillance, scope, sites, on, signer):
    """The bulk writer's hand-laid `register` leaf is byte for byte the
    canonical JSON of the documented members, whatever text they hold
    (quotes, backslashes, control characters, CJK)."""
    dates = ("2024-01-02", "2027-01-01")
    assert leaves.registered_leaf(
        number, body, uscc, name, scheme, status, *dates, surveillance, scope, sites, on=on,
        signer=signer) == leaves.leaf_data(
        leaves.make_state(number, body, uscc, name, scheme, status, *dates, surveillance, scope,
                          sites), event=leaves.REGISTER, on=on, previous_status="", signer=signer)
