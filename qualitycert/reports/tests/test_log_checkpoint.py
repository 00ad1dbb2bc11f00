"""The annual report and the open-data export carry the transparency log's
latest signed checkpoint: printed and downloaded copies outside the database."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from qualitycert.lib import note
from qualitycert.reports import builders
from qualitycert.reports.annual import build_annual_report
from qualitycert.reports.opendata import export_open_data
from qualitycert.transparency.checkpoints import sign_checkpoint, verifier_keys

YEAR = 2025


def _trusted():
    return [note.parse_verifier_key(k) for k in verifier_keys()]


def test_annual_report_prints_the_latest_checkpoint(registry):
    assert "尚未签署检查点" in builders.build_html(build_annual_report(YEAR))
    signed = sign_checkpoint()
    report = build_annual_report(YEAR)
    assert report.log_checkpoint == signed.note
    html = builders.build_html(report)
    assert 'id="log-checkpoint"' in html and signed.root_base64 in html
    # What is printed still verifies: the text is the note, unaltered.
    assert note.open_checkpoint(report.log_checkpoint, _trusted()).size == signed.tree_size
    sheet = load_workbook(io.BytesIO(builders.build_xlsx(report)))["sources"]
    assert (builders.LOG_CHECKPOINT_LABEL, signed.note) in [
        row[:2] for row in sheet.iter_rows(values_only=True)]


def test_open_data_export_carries_the_checkpoint(registry, open_data_dir, client):
    manifest = export_open_data()
    assert "log_checkpoint" not in manifest
    signed = sign_checkpoint()
    manifest = export_open_data()
    assert manifest["log_checkpoint"]["tree_size"] == signed.tree_size
    assert (open_data_dir / "checkpoint.txt").read_text(encoding="utf-8") == signed.note
    download = client.get("/reports/open-data/checkpoint.txt")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == signed.note
    assert "checkpoint.txt" in client.get("/reports/open-data/").content.decode()
