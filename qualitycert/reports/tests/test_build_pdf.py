"""The PDF: Chinese text that survives extraction, and every section heading."""

import datetime as dt
import os
import shutil
import subprocess

import pytest

from qualitycert.reports import builders
from qualitycert.reports.annual import build_annual_report

from .conftest import YEAR

PDFTOTEXT = "/usr/bin/pdftotext"


def _pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which(PDFTOTEXT):
        if os.environ.get("QC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"QC_REQUIRE_BROWSER=1 but {PDFTOTEXT} is missing")
        pytest.skip("pdftotext missing (apt-get install poppler-utils): cannot read the PDF back")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True)
    return done.stdout.decode("utf-8")


def test_chinese_text_and_every_section(registry, tmp_path):
    report = build_annual_report(YEAR, generated_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    pdf = builders.build_pdf(report)
    assert pdf.startswith(b"%PDF-")
    text = _pdf_text(pdf, tmp_path)
    assert "2025年度质量认证分析报告" in text
    for heading in ["一、证书与获证企业", "二、认证机构与检验检测机构", "三、证书生命周期异常",
                    "四、监督检查及结果", "五、目标与任务进展", "附：透明日志检查点"]:
        assert heading in text, heading
    for section in report.sections:
        assert section.title.split(" ")[0] in text
    assert "按行业门类" in text and "制造业" in text  # a table and an industry name
    assert "数据来源：认证证书登记库" in text  # sources are printed, in words
    assert "生成时间" in text  # the footer


def test_fonts_are_embedded(registry, tmp_path):
    pdffonts = shutil.which("pdffonts")
    if not pdffonts:
        pytest.skip("pdffonts missing (poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(builders.build_pdf(build_annual_report(YEAR)))
    listing = subprocess.run([pdffonts, str(path)], capture_output=True, text=True,
                             check=True).stdout
    cjk = [line for line in listing.splitlines() if "CJK-SC" in line]
    assert cjk and all(" yes yes " in line for line in cjk)  # embedded, subset
