"""archive-logs copies what is past the retention period to a file and removes
only the archived security events; the audit chain stays whole."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import timezone

from qualitycert.accounts.models import SecurityEvent
from qualitycert.audit.chain import append
from qualitycert.audit.models import AuditEntry


def test_old_security_events_move_to_the_archive(db, tmp_path, settings, monkeypatch):
    settings.QC_LOG_RETENTION_DAYS = 180
    today = timezone.now()
    SecurityEvent.objects.create(at=today - dt.timedelta(days=10), kind="login", username="old")
    SecurityEvent.objects.create(at=today + dt.timedelta(days=300), kind="login", username="new")
    append(action="test.entry", object_type="test", object_id="1", actor=None,
           actor_label="test")
    # A year and a month on: "old" and the audit entry are past the retention.
    monkeypatch.setattr(timezone, "now", lambda: today + dt.timedelta(days=400))
    out = tmp_path / "logs.jsonl.gz"
    call_command("archive_logs", "--out", str(out))
    lines = [json.loads(line) for line in gzip.open(out, "rt", encoding="utf-8")]
    assert lines[0]["archive"] == "qualitycert-logs"
    assert [line["username"] for line in lines if line.get("log") == "security"] == ["old"]
    assert [line["action"] for line in lines if line.get("log") == "audit"] == ["test.entry"]
    assert list(SecurityEvent.objects.values_list("username", flat=True)) == ["new"]
    assert AuditEntry.objects.count() == 1  # copied, never removed


def test_the_cut_off_cannot_be_inside_the_retention(db, tmp_path, settings):
    settings.QC_LOG_RETENTION_DAYS = 365
    with pytest.raises(CommandError, match="inside the retention period"):
        call_command("archive_logs", "--out", str(tmp_path / "a.gz"), "--older-than-days", "200")


def test_an_archive_is_never_overwritten(db, tmp_path):
    out = tmp_path / "a.gz"
    out.write_bytes(b"x")
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("archive_logs", "--out", str(out))


def test_retention_under_six_months_is_refused(monkeypatch):
    import importlib

    from qualitycert import settings as module

    monkeypatch.setenv("QC_LOG_RETENTION_DAYS", "90")
    with pytest.raises(ImproperlyConfigured, match="at least 180"):
        importlib.reload(module)
    monkeypatch.delenv("QC_LOG_RETENTION_DAYS")
    importlib.reload(module)
