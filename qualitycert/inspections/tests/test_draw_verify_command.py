"""`qualitycert draw-verify FILE` and `qualitycert seed-inspections-demo`:
a demo record verifies; altering any pick, source or list entry fails it;
a file that is not a record is exit 2."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qualitycert.inspections.models import Inspector, Plan

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_record(tmp_path: Path) -> Path:
    out = tmp_path / "record.json"
    stdout = io.StringIO()
    call_command("seed_inspections_demo", "--output", str(out), "--enterprises", "30",
                 stdout=stdout)
    assert "draw-verify" in stdout.getvalue()
    return out


def verify(path: Path) -> str:
    out = io.StringIO()
    call_command("draw_verify", str(path), stdout=out)
    return out.getvalue()


def test_demo_creates_two_departments_and_a_verifiable_record(demo_record: Path) -> None:
    departments = set(Inspector.objects.values_list("department__name", flat=True))
    assert departments == {"区市场监管局", "区商务和投促局"}
    plan = Plan.objects.get()
    assert plan.departments.count() == 2 and plan.selections.filter(staffed=True).exists()
    assert "复核一致" in verify(demo_record)


def _alter(path: Path, mutate) -> Path:
    record = json.loads(path.read_text(encoding="utf-8"))
    mutate(record)
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def _pick(r: dict[str, Any]) -> None:
    stratum = next(s for s in r["strata"] if s["targets"])
    stratum["targets"][0] = stratum["targets"][0] % r["candidates"]["count"] + 1


def _source(r: dict[str, Any]) -> None:
    r["sources"]["values"][0] = str(int(r["sources"]["values"][0].split()[0]) + 1)


def _entry(r: dict[str, Any]) -> None:
    r["candidates"]["entries"][3][2] += "（改）"


def _team(r: dict[str, Any]) -> None:
    a = next(a for a in r["assignments"] if a["inspectors"])
    a["inspectors"].reverse()


def _drawn_before_commit(r: dict[str, Any]) -> None:
    committed = dt.datetime.fromisoformat(r["committed_at"])
    r["drawn_at"] = (committed - dt.timedelta(seconds=1)).isoformat()


def _drawn_at_commit(r: dict[str, Any]) -> None:
    r["drawn_at"] = r["committed_at"]


@pytest.mark.parametrize("mutate", [_pick, _source, _entry, _team, _drawn_before_commit,
                                    _drawn_at_commit],
                         ids=["pick", "source", "list entry", "team order",
                              "drawn before the list was frozen", "drawn as it was frozen"])
def test_altered_record_fails_with_exit_1(demo_record: Path, mutate) -> None:
    _alter(demo_record, mutate)
    with pytest.raises(CommandError) as info:
        verify(demo_record)
    assert info.value.returncode == 1
    assert "复核不一致" in str(info.value)


def test_time_order_is_checked_before_the_picks(demo_record: Path) -> None:
    _alter(demo_record, _drawn_before_commit)
    with pytest.raises(CommandError, match="not after committed_at"):
        verify(demo_record)


@pytest.mark.parametrize(("field", "value"), [("drawn_at", "yesterday"),
                                              ("committed_at", "2026-01-05T10:00:00")])
def test_unreadable_timestamps_are_exit_2(demo_record: Path, field: str, value: str) -> None:
    _alter(demo_record, lambda r: r.__setitem__(field, value))
    with pytest.raises(CommandError) as info:
        verify(demo_record)
    assert info.value.returncode == 2 and field in str(info.value)


@pytest.mark.parametrize(("content", "fragment"), [
    (b"not json at all", "不是 JSON 文件"),
    (b'{"format": "something else"}', "不是抽取记录"),
    (b"[1, 2, 3]", "不是抽取记录"),
    (b"\xff\xfe\x00", "无法读取文件"),
])
def test_not_a_record_is_exit_2(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as info:
        verify(path)
    assert info.value.returncode == 2
    assert fragment in str(info.value)


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as info:
        verify(tmp_path / "nope.json")
    assert info.value.returncode == 2


def test_real_exit_statuses(demo_record: Path, tmp_path: Path) -> None:
    """The process exit codes themselves, through the console entry point."""
    script = Path(sys.executable).parent / "qualitycert"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "qualitycert.cli"]

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, "draw-verify", str(path)], cwd=ROOT,
                              capture_output=True, text=True, check=False)

    ok = run(demo_record)
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    done = run(bad)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    _alter(demo_record, _entry)
    done = run(demo_record)
    assert done.returncode == 1 and "Traceback" not in done.stderr
