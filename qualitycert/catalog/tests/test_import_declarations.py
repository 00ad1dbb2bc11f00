"""import-declarations: the same rules as filing on the site, all rows or none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qualitycert.catalog.importers.declarations import import_declarations
from qualitycert.catalog.models import SelfDeclaration
from qualitycert.testing.actors import as_actor

HEADER = "声明编号,统一社会信用代码,产品种类代码,产品名称,型号规格,检测实验室资质认定编号,检测报告编号,报告日期,声明日期,状态,状态变更日期"


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "declarations.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_imports_declarations_by_the_site_rules(catalogue, holder, lab, designated_lab,
                                                tmp_path, supervisor):
    u, cma, dcma = holder.uscc, lab.cma_number, designated_lab.cma_number
    good = [
        f",{u},0501,电钻,Z1J-10；Z1J-13,{cma},T-1,2025-02-01,2025-02-10,,",
        f"SD-2024-0302-00007,{u},0302,接触器,CJX2-09,{dcma},T-2,2024-05-01,2024-05-02,注销,2024-09-01",
    ]
    result = import_declarations(write(tmp_path, good), actor=as_actor(supervisor))
    assert result.ok and result.created == 2, result.errors
    generated = SelfDeclaration.objects.get(report_number="T-1")
    assert generated.number == "SD-2025-0501-00001"
    assert generated.models_list == ["Z1J-10", "Z1J-13"] and generated.standards == ["GB 0501-标准"]
    withdrawn = SelfDeclaration.objects.get(number="SD-2024-0302-00007")
    assert withdrawn.status == "withdrawn" and withdrawn.ended_on == dt.date(2024, 9, 1)
    again = import_declarations(write(tmp_path, good[1:]), actor=as_actor(supervisor))
    assert (again.created, again.unchanged) == (0, 1)


def test_every_bad_row_reported_nothing_written(catalogue, holder, lab, tmp_path, supervisor):
    u, cma = holder.uscc, lab.cma_number
    lines = [
        f",{u},0501,电钻,Z1J-10,{cma},T-1,2025-02-01,2025-02-10,,",
        f",{u},0301,配电柜,GGD,{cma},T-2,2025-02-01,2025-02-10,,",          # needs certification
        f",{u},0302,接触器,CJX2,{cma},T-3,2025-02-01,2025-02-10,,",         # not a designated lab
        f",{u},0501,电钻,Z1J-10,{cma},T-4,2019-02-01,2019-02-10,,",         # before the move
        f",{u},9999,电钻,Z1J-10,{cma},T-5,2025-02-01,2025-02-10,,",         # unknown category
        f",{u},0501,电钻,,{cma},T-6,2025-02-01,2025-02-10,,",               # no models
        f",{u},0501,电钻,Z1J-10,{cma},T-7,2025-02-01,2025-02-10,撤销,",     # revoked without date
        f",{u},0501,电钻,Z1J-10,999999999999,T-8,2025-02-01,2025-02-10,,",  # bad CMA
    ]
    result = import_declarations(write(tmp_path, lines), actor=as_actor(supervisor))
    assert {e.row for e in result.errors} == set(range(3, 10))
    assert not SelfDeclaration.objects.exists()
