"""`export-open-data`: the public registries as CSV and JSON, with a manifest."""

import csv
import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qualitycert.registry.models import Certificate, Lab
from qualitycert.reports.opendata import DATASETS, export_open_data


def _csv_rows(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # Excel needs the BOM to read UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_every_dataset_in_both_formats(registry, open_data_dir):
    manifest = export_open_data(open_data_dir)
    names = {f["file"] for ds in manifest["datasets"] for f in ds["files"]}
    assert names == {f"{ds.name}.{fmt}" for ds in DATASETS for fmt in ("csv", "json")}
    for ds in manifest["datasets"]:
        for f in ds["files"]:
            data = (open_data_dir / f["file"]).read_bytes()
            assert len(data) == f["bytes"]
            assert hashlib.sha256(data).hexdigest() == f["sha256"]
    assert json.loads((open_data_dir / "manifest.json").read_text()) == manifest


def test_certificate_rows_match_the_registry(registry, open_data_dir):
    export_open_data(open_data_dir)
    rows = _csv_rows(open_data_dir / "certificates.csv")
    records = json.loads((open_data_dir / "certificates.json").read_text())["records"]
    assert len(rows) == len(records) == Certificate.objects.count()
    cert = registry.certs["suspended_2025"]
    row = next(r for r in rows if r["certificate_number"] == cert.number)
    assert row == {
        "certificate_number": "SUSP-1", "body_approval_number": "CNCA-R-2002-001",
        "holder_uscc": cert.holder.uscc, "holder_name": "滨海商贸有限公司",
        "scheme_code": "ISO9001", "scheme_category": "management_system",
        "issued_on": "2023-01-10", "expires_on": "2026-01-09", "status": "suspended"}
    assert next(r for r in records if r["certificate_number"] == "SUSP-1") == row


def test_formula_like_text_is_defused_in_csv_only(registry, hostile_body, issue, open_data_dir):
    body, holder = hostile_body
    issue(body, holder, "EVIL-1", issued_on=dt.date(2025, 3, 1))
    export_open_data(open_data_dir)
    row = next(r for r in _csv_rows(open_data_dir / "certificates.csv")
               if r["certificate_number"] == "EVIL-1")
    assert row["holder_name"] == "'" + holder.name
    records = json.loads((open_data_dir / "certificates.json").read_text())["records"]
    assert next(r for r in records if r["certificate_number"] == "EVIL-1")["holder_name"] == holder.name


def test_lab_fields_array(db, open_data_dir):
    Lab.objects.create(cma_number="230012345678", name="检测中心", fields=["食品", "环境"],
                       valid_from=dt.date(2023, 1, 1))
    export_open_data(open_data_dir)
    assert _csv_rows(open_data_dir / "labs.csv")[0]["fields"] == "食品；环境"
    record = json.loads((open_data_dir / "labs.json").read_text())["records"][0]
    assert record["fields"] == ["食品", "环境"] and record["valid_from"] == "2023-01-01"


def test_no_staging_left_behind_and_files_replaced(registry, open_data_dir):
    export_open_data(open_data_dir)
    export_open_data(open_data_dir)
    assert not [p for p in open_data_dir.iterdir() if p.name.startswith(".staging-")]


def test_command(registry, open_data_dir, capsys):
    call_command("export_open_data", "--out", str(open_data_dir))
    out = capsys.readouterr().out
    assert f"certificates.csv\t{len(registry.certs)} 条记录" in out
    assert (open_data_dir / "schemes.json").exists()
    header = json.loads((open_data_dir / "bodies.json").read_text(encoding="utf-8"))
    assert (header["title"], header["language"]) == ("认证机构", "zh-hans")
    assert header["field_titles"][:2] == ["批准号", "名称"]


def test_command_in_english(registry, open_data_dir, capsys):
    """One language per file: the titles in English, the field names unchanged."""
    call_command("export_open_data", "--out", str(open_data_dir), "--language", "en")
    header = json.loads((open_data_dir / "bodies.json").read_text(encoding="utf-8"))
    assert (header["title"], header["language"]) == ("Certification bodies", "en")
    assert header["fields"][:2] == ["approval_number", "name"]
    assert header["field_titles"][:2] == ["Approval number", "Name"]
    manifest = json.loads((open_data_dir / "manifest.json").read_text(encoding="utf-8"))
    assert [d["title"] for d in manifest["datasets"]] == [
        "Certificates", "Certification bodies", "Inspection and testing labs",
        "Certification schemes"]


def test_command_refuses_a_file_as_directory(db, tmp_path):
    target = tmp_path / "not-a-dir"
    target.write_text("x")
    with pytest.raises(CommandError, match="不是目录") as info:
        call_command("export_open_data", "--out", str(target))
    assert info.value.returncode == 2
