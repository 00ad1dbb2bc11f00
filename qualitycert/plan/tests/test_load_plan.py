"""The load_plan command: another plan from its JSON file, audited."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from qualitycert.audit.models import AuditEntry
from qualitycert.plan.loading import DATA_DIR
from qualitycert.plan.models import Plan


def test_loads_a_second_plan(plan, tmp_path, capsys):
    data = json.loads((DATA_DIR / "binhai_2019.json").read_text(encoding="utf-8"))
    data["code"], data["tasks"] = "other-2027", data["tasks"][:2]
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("load_plan", str(path))
    assert "loaded other-2027: 2 tasks" in capsys.readouterr().out
    assert Plan.objects.get(code="other-2027").tasks.count() == 2
    assert AuditEntry.objects.get(action="plan.load").after["code"] == "other-2027"


def test_bad_files_exit_2(plan, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    for path in (broken, tmp_path / "missing.json", DATA_DIR / "binhai_2019.json"):
        with pytest.raises(CommandError) as error:
            call_command("load_plan", str(path))
        assert error.value.returncode == 2
