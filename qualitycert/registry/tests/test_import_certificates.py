"""import-certificates end to end: all rows or none, then exactly once."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.registry.importers import ImportBatch, run_import
from qualitycert.registry.models import Certificate, CertificateEvent, Enterprise, EventKind
from qualitycert.testing.actors import as_actor

from .import_files import cert_row, write_csv

ROWS = 10_000
BAD_ROW = 4_321  # 0-based position in the data; the file row is one more for the header


def _counts() -> tuple[int, int, int, int]:
    return (Certificate.objects.count(), CertificateEvent.objects.count(),
            AuditEntry.objects.count(), Enterprise.objects.count())


@pytest.mark.slow
def test_ten_thousand_rows_all_or_nothing_then_exactly_once(tmp_path, body_a, supervisor,
                                                             capsys):
    rows = [cert_row(n) for n in range(ROWS)]
    rows[BAD_ROW]["expires_on"] = "2023-02-30"
    bad = write_csv(tmp_path / "bad.csv", rows)
    before = _counts()

    with pytest.raises(CommandError) as refused:
        call_command("import_certificates", str(bad), signer="supervisor")
    assert refused.value.returncode == 1
    out = capsys.readouterr().out
    file_row = BAD_ROW + 2
    assert f"第{file_row}行 [有效期至] “2023-02-30”" in out
    assert out.count("行 [") == 1
    assert _counts() == before

    rows[BAD_ROW] = cert_row(BAD_ROW)
    good = write_csv(tmp_path / "good.csv", rows)
    call_command("import_certificates", str(good), signer="supervisor")
    summary = capsys.readouterr().out
    assert f"新增 {ROWS}" in summary and "新建获证组织 250" in summary
    certs, events, audits, holders = _counts()
    assert certs - before[0] == ROWS and events - before[1] == ROWS
    assert holders - before[3] == 250
    # One audit entry for the whole batch, not one per certificate.
    assert audits - before[2] == 1
    entry = AuditEntry.objects.get(action="certificate.import")
    batch = ImportBatch.objects.get(pk=entry.object_id)
    assert entry.actor == supervisor and entry.after["created"] == ROWS
    assert entry.after["file_sha256"] == batch.file_sha256
    assert batch.created_digest == entry.after["digests"]["created"]
    event = CertificateEvent.objects.filter(certificate__number="Q00000007").get()
    assert event.kind == EventKind.ISSUE and event.signed_by == supervisor
    assert f"#{batch.pk}" in event.reason

    after_first = _counts()
    call_command("import_certificates", str(good), signer="supervisor")
    assert f"未变 {ROWS}" in capsys.readouterr().out
    assert _counts() == after_first
    assert first_break() is None
    call_command("audit_verify")


def test_created_digest_can_be_recomputed_from_the_tables(tmp_path, body_a, supervisor):
    import hashlib

    path = write_csv(tmp_path / "c.csv", [cert_row(n) for n in range(5)])
    result = run_import("certificates", path, actor=as_actor(supervisor))
    lines = "".join(f"{pk}\t{approval}\t{number}\n" for pk, approval, number in
                    Certificate.objects.order_by("pk").values_list(
                        "pk", "body__approval_number", "number"))
    assert result.batch is not None
    assert hashlib.sha256(lines.encode()).hexdigest() == result.batch.created_digest


def test_new_holder_is_registered_from_the_row(tmp_path, body_a, supervisor):
    row = cert_row(1, holder_name="天津滨海  新建 有限公司")
    run_import("certificates", write_csv(tmp_path / "c.csv", [row]), actor=as_actor(supervisor))
    holder = Enterprise.objects.get(uscc=row["holder_uscc"])
    assert holder.name == "天津滨海 新建 有限公司"
    assert holder.division_code == row["holder_uscc"][2:8]
    assert Certificate.objects.get(number="Q00000001").holder == holder


def test_existing_holder_is_reused(tmp_path, body_a, holder, supervisor):
    row = cert_row(1, holder_uscc=holder.uscc.lower(), holder_name="别的写法")
    result = run_import("certificates", write_csv(tmp_path / "c.csv", [row]), actor=as_actor(supervisor))
    assert result.ok and result.holders_created == 0
    assert Certificate.objects.get(number="Q00000001").holder == holder
    # Another name for a known USCC is a rename, reported; the old name is kept.
    assert result.renamed == [(holder.uscc, "天津滨海测试制造有限公司", "别的写法")]
    holder.refresh_from_db()
    assert holder.name == "别的写法" and "天津滨海测试制造有限公司" in holder.former_names


def test_imported_non_valid_status_has_its_arrival_event(tmp_path, body_a, supervisor):
    row = cert_row(1, status="暂停", status_reason="未按期监督审核")
    run_import("certificates", write_csv(tmp_path / "c.csv", [row]), actor=as_actor(supervisor))
    cert = Certificate.objects.get(number="Q00000001")
    assert cert.status == "suspended" and cert.status_reason == "未按期监督审核"
    kinds = list(cert.events.values_list("kind", "from_status", "to_status"))
    assert kinds == [("issue", "", "valid"), ("suspend", "valid", "suspended")]


def test_dry_run_writes_nothing(tmp_path, body_a, supervisor):
    before = _counts()
    result = run_import("certificates", write_csv(tmp_path / "c.csv", [cert_row(1)]),
                        actor=as_actor(supervisor), dry_run=True)
    assert result.ok and result.created == 1 and result.batch is None
    assert _counts() == before and not ImportBatch.objects.exists()


def test_the_command_needs_a_signer(tmp_path, body_a):
    path = write_csv(tmp_path / "c.csv", [cert_row(1)])
    with pytest.raises(CommandError, match="--signer"):
        call_command("import_certificates", str(path))
    assert not Certificate.objects.exists()


def test_the_signer_signs_and_the_os_user_is_noted(tmp_path, body_a, supervisor):
    call_command("import_certificates", str(write_csv(tmp_path / "c.csv", [cert_row(1)])),
                 signer="supervisor")
    entry = AuditEntry.objects.get(action="certificate.import")
    assert entry.actor == supervisor
    assert entry.actor_label.startswith("王监管 (supervisor)（命令行导入")
    assert "操作系统用户" in entry.reason
    assert Certificate.objects.get().status_signer_name == "王监管 (supervisor)"


def test_an_inactive_signer_is_refused(tmp_path, body_a, supervisor):
    supervisor.is_active = False
    supervisor.save()
    with pytest.raises(CommandError, match="supervisor") as refused:
        call_command("import_certificates", str(write_csv(tmp_path / "c.csv", [cert_row(1)])),
                     signer="supervisor")
    assert refused.value.returncode == 2 and not Certificate.objects.exists()


def test_registry_changed_between_check_and_write(tmp_path, body_a, holder, supervisor, issue,
                                                  monkeypatch):
    from qualitycert.registry.importers import certificates

    original = certificates.CertificateChecker.run

    def run_then_someone_issues(self):
        original(self)
        issue(body_a, holder, "Q00000002")  # a clerk registers row 4's certificate meanwhile

    monkeypatch.setattr(certificates.CertificateChecker, "run", run_then_someone_issues)
    before = _counts()
    result = run_import("certificates", write_csv(tmp_path / "c.csv",
                                                  [cert_row(n) for n in range(5)]),
                        actor=as_actor(supervisor))
    assert not result.ok and "run the import again" in result.errors.first[0].reason_en
    assert result.batch is not None and result.batch.outcome == "rejected"
    certs, events, audits, holders = _counts()
    # Only the clerk's certificate (with its event and entry) was added.
    assert (certs, events, audits, holders) == (before[0] + 1, before[1] + 1, before[2] + 1,
                                                before[3])


def test_header_only_file_changes_nothing(tmp_path, body_a, supervisor, capsys):
    path = tmp_path / "empty.csv"
    path.write_text(",".join(["证书编号", "认证机构批准号", "统一社会信用代码", "获证组织名称", "认证项目代码",
                              "认证范围", "颁证日期", "有效期至", "证书状态"]) + "\n", encoding="utf-8")
    call_command("import_certificates", str(path), signer="supervisor")
    assert "0 行" in capsys.readouterr().out and not ImportBatch.objects.exists()
