"""`qualitycert report annual --year Y --format F --out FILE`."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("fmt", "magic"), [("html", b"<!doctype html>"), ("xlsx", b"PK"),
                                             ("pdf", b"%PDF-")])
def test_writes_the_report(registry, tmp_path, fmt, magic):
    out = tmp_path / f"report.{fmt}"
    call_command("report", "annual", "--year", "2025", "--format", fmt, "--out", str(out))
    assert out.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_same_figures_as_the_web_download(registry, tmp_path, client_for, supervisor):
    out = tmp_path / "r.xlsx"
    call_command("report", "annual", "--year", "2025", "--format", "xlsx", "--out", str(out))
    web = client_for(supervisor).get("/reports/annual/", {"year": "2025", "format": "xlsx"})

    def figures(data):
        book = load_workbook(io.BytesIO(data))
        return [[list(r) for r in book[name].iter_rows(values_only=True)
                 if not (r and r[0] == "生成时间")] for name in book.sheetnames]

    assert figures(out.read_bytes()) == figures(web.content)


def test_year_out_of_range_exits_2(db, tmp_path):
    with pytest.raises(CommandError, match="2000") as info:
        call_command("report", "annual", "--year", "1990", "--format", "pdf",
                     "--out", str(tmp_path / "x.pdf"))
    assert info.value.returncode == 2


def test_missing_directory_exits_2(db, tmp_path):
    with pytest.raises(CommandError, match="目录不存在") as info:
        call_command("report", "annual", "--year", "2025", "--format", "pdf",
                     "--out", str(tmp_path / "nowhere" / "x.pdf"))
    assert info.value.returncode == 2


@pytest.mark.parametrize("args", [["report"], ["report", "annual", "--year", "2025"],
                                  ["report", "annual", "--year", "2025", "--format", "doc",
                                   "--out", "x"], ["report", "monthly"]])
def test_bad_arguments_exit_2_with_usage(args):
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "usage:" in done.stderr and "Traceback" not in done.stderr
