"""import-dishonesty: all rows or none, every bad row reported."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from qualitycert.audit.models import AuditEntry
from qualitycert.credit.models import DishonestyEntry, EntrySource
from qualitycert.testing.factories import make_enterprise

pytestmark = pytest.mark.django_db
HEADER = "统一社会信用代码,认定情形,法律依据,决定书文号,认定机关,列入日期,届满日期,期限（月）,惩戒措施\n"


def write(tmp_path, body: str):
    path = tmp_path / "dishonesty.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_good_file_is_imported_with_one_batch_entry(tmp_path, supervisor):
    a, b = make_enterprise(), make_enterprise()
    path = write(tmp_path,
                 f"{a.uscc.lower()},伪造、冒用认证证书,《认证认可条例》,津市监信〔2026〕1号,天津市市场监管委,"
                 "2026-01-10,2028-01-10,,向社会公示；提高抽查比例和频次\n"
                 f"{b.uscc},refused_inspection,《产品质量法》,津市监信〔2026〕2号,天津市市场监管委,"
                 "2026/2/1,,12,public_listing\n")
    call_command("import_dishonesty", str(path), "--signer", supervisor.username)
    entries = DishonestyEntry.objects.order_by("decision_number")
    assert [e.source for e in entries] == [EntrySource.IMPORTED] * 2
    assert entries[0].measures == ["public_listing", "higher_inspection_ratio"]
    assert str(entries[1].ends_on) == "2027-02-01"
    assert AuditEntry.objects.filter(action="credit.dishonesty.import").count() == 1
    with pytest.raises(CommandError):  # the same decisions again
        call_command("import_dishonesty", str(path), "--signer", supervisor.username)


def test_one_bad_row_imports_none_and_all_are_reported(tmp_path, supervisor, capsys):
    a = make_enterprise()
    path = write(tmp_path,
                 f"{a.uscc},伪造、冒用认证证书,依据,津1号,机关,2026-01-10,2027-01-10,,\n"
                 "91120116000000000X,伪造、冒用认证证书,依据,津2号,机关,2026-01-10,2027-01-10,,\n"
                 f"{a.uscc},偷税,依据,津3号,机关,2026-13-10,,,鞭刑\n"
                 f"{a.uscc},other,=cmd(),津4号,机关,2026-01-10,,,\n")
    with pytest.raises(CommandError):
        call_command("import_dishonesty", str(path), "--signer", supervisor.username)
    err = capsys.readouterr().err
    assert DishonestyEntry.objects.count() == 0
    for needle in ("第3行“统一社会信用代码”列", "第4行“认定情形”列", "第4行“惩戒措施”列",
                   "第4行“列入日期”列", "第5行“法律依据”列", "第5行“届满日期”列"):
        assert needle in err, needle
    assert "第4行“认定情形”列：未知的认定情形：偷税" in err


def test_signer_must_be_bureau(tmp_path, cb_alice):
    path = write(tmp_path, "")
    with pytest.raises(CommandError, match="只有局监管人员"):
        call_command("import_dishonesty", str(path), "--signer", cb_alice.username)
