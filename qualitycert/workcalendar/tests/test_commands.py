"""`import-holiday-arrangements` and `recompute-deadlines` from the shell."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from qualitycert.audit.models import AuditEntry
from qualitycert.workcalendar.models import HolidayArrangement

from .conftest import OFF_2027, WORK_2027

pytestmark = pytest.mark.django_db

NOTICE = {"year": 2027, "document_number": "国办发明电〔2026〕9号", "published_on": "2026-11-20",
          "days_off": OFF_2027.split(), "working_days": WORK_2027.split()}


def write(tmp_path, data, name="2027.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_import_enters_and_audits(tmp_path, supervisor, today, capsys) -> None:
    call_command("import_holiday_arrangements", write(tmp_path, NOTICE),
                 "--signer", supervisor.username)
    notice = HolidayArrangement.objects.get(year=2027)
    assert notice.source == "imported" and notice.entered_by == supervisor
    assert "2027年放假安排（国办发明电〔2026〕9号）：已录入" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="workcalendar.arrangement.enter").exists()


def test_a_bad_file_enters_nothing_and_lists_every_problem(tmp_path, supervisor, today,
                                                           capsys) -> None:
    bad = [NOTICE, dict(NOTICE, year=2028, days_off=["2028-13-01"], published_on="soon")]
    with pytest.raises(CommandError) as info:
        call_command("import_holiday_arrangements", write(tmp_path, bad),
                     "--signer", supervisor.username)
    assert info.value.returncode == 1
    out = capsys.readouterr().out
    assert "“2028-13-01”不是有效日期" in out and "发布日期“soon”" in out
    assert not HolidayArrangement.objects.filter(year__gte=2027).exists()


@pytest.mark.parametrize("signer", ["cb_alice", "nobody"])
def test_the_signer_must_be_bureau_staff(request, tmp_path, signer, today) -> None:
    if signer != "nobody":
        request.getfixturevalue(signer)
    with pytest.raises(CommandError) as info:
        call_command("import_holiday_arrangements", write(tmp_path, NOTICE), "--signer", signer)
    assert info.value.returncode == 2


def test_a_missing_file_is_status_2(tmp_path, supervisor) -> None:
    with pytest.raises(CommandError) as info:
        call_command("import_holiday_arrangements", str(tmp_path / "none.json"),
                     "--signer", supervisor.username)
    assert info.value.returncode == 2


def test_recompute_with_nothing_to_change(supervisor, capsys) -> None:
    call_command("recompute_deadlines", "--signer", supervisor.username)
    assert "0 个期限已重新计算" in capsys.readouterr().out
