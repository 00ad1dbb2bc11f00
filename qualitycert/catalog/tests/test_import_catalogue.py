"""import-catalogue: one row per dated change; all rows or none; a re-import
changes nothing; a change is never rewritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from qualitycert.audit.models import AuditEntry
from qualitycert.catalog import queries
from qualitycert.catalog.importers.catalogue import import_catalogue
from qualitycert.catalog.models import Announcement, CategoryChange, ProductCategory
from qualitycert.testing.actors import as_actor

HEADER = ("大类代码,大类名称,产品种类代码,产品种类名称,评价方式,风险等级,依据标准,生效日期,公告编号,公告标题,"
          "公告日期,由生产许可转入,过渡期截止日")
GOOD = [
    "05,电动工具,0501,电钻,第三方认证,高,GB/T 3883.1-2014,2002-05-01,2001年第33号,第一批目录,2001-12-03,,",
    "05,电动工具,0501,电钻,自我声明A,低,GB/T 3883.1-2014；GB/T 3883.206-2019,2019-10-17,2019年第44号,调整目录,2019-10-17,否,",
    "16,防爆电气,2301,防爆电机,certification,high,GB/T 3836.1-2021,2019/10/1,2019年第34号,生产许可转CCC,2019-07-10,是,2020-10-01",
]


def write(tmp_path: Path, lines: list[str], name: str = "catalogue.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_imports_the_catalogue_with_its_history(db, tmp_path, supervisor):
    result = import_catalogue(write(tmp_path, GOOD), actor=as_actor(supervisor))
    assert result.ok and (result.created, result.unchanged) == (3, 0)
    drill = ProductCategory.objects.get(code="0501")
    assert queries.route_on(drill, dt.date(2019, 10, 16)).route == "certification"  # type: ignore[union-attr]
    moved = queries.route_on(drill, dt.date(2019, 10, 17))
    assert moved is not None and moved.route == "self_declaration"
    assert moved.standards == ["GB/T 3883.1-2014", "GB/T 3883.206-2019"]
    motor = CategoryChange.objects.get(category__code="2301")
    assert motor.from_production_licence and motor.transition_deadline == dt.date(2020, 10, 1)
    assert Announcement.objects.count() == 3
    entry = AuditEntry.objects.get(action="catalog.catalogue.import")
    assert entry.after["changes"] == 3 and entry.actor == supervisor
    again = import_catalogue(write(tmp_path, GOOD), actor=as_actor(supervisor))
    assert (again.created, again.unchanged) == (0, 3)
    assert AuditEntry.objects.filter(action="catalog.catalogue.import").count() == 1


def test_one_bad_row_imports_nothing_and_every_bad_row_is_reported(db, tmp_path, supervisor):
    lines = [
        GOOD[0],
        "5,电动工具,0501,电钻,第三方认证,高,,2002-05-01,2001年第33号,第一批目录,2001-12-03,,",
        "05,电动工具,501,电钻,第三方认证,高,,2002-05-01,2001年第33号,第一批目录,2001-12-03,,",
        "05,电动工具,0503,电动砂轮机,大概,高,,2002-05-01,2001年第33号,第一批目录,2001-12-03,,",
        "05,电动工具,0503,电动砂轮机,第三方认证,极高,,2002-05-01,2001年第33号,第一批目录,2001-12-03,,",
        "05,电动工具,0506,电锤,第三方认证,高,,2002-02-30,2001年第33号,第一批目录,2001-12-03,,",
        "05,电动工具,0506,电锤,第三方认证,高,,2002-05-01,新公告,,,,",
        "16,防爆电气,2302,防爆电泵,第三方认证,高,,2019-10-01,2019年第34号,生产许可转CCC,2019-07-10,是,",
        "05,电动工具,0501,电钻,调出目录,低,,2002-05-01,2001年第33号,第一批目录,2001-12-03,,",
        "05,电动工具,0506,=HYPERLINK(1),第三方认证,高,,2002-05-01,2001年第33号,第一批目录,2001-12-03,,",
    ]
    result = import_catalogue(write(tmp_path, lines), actor=as_actor(supervisor))
    assert not result.ok
    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == set(range(3, 12))
    assert by_row[3].column == "大类代码" and by_row[4].column == "产品种类代码"
    assert by_row[5].column == "评价方式" and by_row[6].column == "风险等级"
    assert by_row[7].column == "生效日期" and by_row[8].column == "公告标题"
    assert by_row[9].column == "过渡期截止日"
    assert "第2行" in by_row[10].message
    assert "公式" in by_row[11].message
    assert not ProductCategory.objects.exists() and not Announcement.objects.exists()


def test_a_stored_change_is_never_rewritten(db, tmp_path, supervisor):
    import_catalogue(write(tmp_path, GOOD[:1]), actor=as_actor(supervisor))
    changed = GOOD[0].replace(",高,", ",中,")
    result = import_catalogue(write(tmp_path, [changed]), actor=as_actor(supervisor))
    assert not result.ok and "不能改写" in result.errors[0].message
    assert CategoryChange.objects.get().risk_level == "high"


def test_command(db, tmp_path, supervisor, capsys):
    call_command("import_catalogue", str(write(tmp_path, GOOD)), "--signer", "supervisor")
    assert "已导入3条" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_catalogue", str(write(tmp_path, ["x,y,z"], "bad.csv")), "--signer",
                     "supervisor")
    assert exit_info.value.code == 1
