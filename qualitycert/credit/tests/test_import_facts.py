"""import-facts: penalties, complaints, awards … all rows or none."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override

from qualitycert.accounts.actor import Actor
from qualitycert.credit.importers import import_facts
from qualitycert.credit.models import Fact
from qualitycert.testing.factories import make_enterprise
from qualitycert.tests.test_i18n import wrong_language

pytestmark = pytest.mark.django_db
HEADER = "统一社会信用代码,事实类别,发生日期,终止日期,文书编号,摘要\n"


def test_good_file_then_again_unchanged(tmp_path, supervisor, capsys):
    a = make_enterprise()
    path = tmp_path / "facts.csv"
    path.write_text(HEADER + f"{a.uscc},行政处罚,2025-03-01,,津滨市监罚〔2025〕3号,销售不合格产品\n"
                    f"{a.uscc.lower()},brand,2020-01-01,,商标注册证第123号,自主品牌\n",
                    encoding="utf-8")
    call_command("import_facts", str(path), "--signer", supervisor.username)
    assert sorted(Fact.objects.values_list("kind", flat=True)) == ["brand", "penalty"]
    call_command("import_facts", str(path), "--signer", supervisor.username)
    assert "新增 0 条，未变 2 条" in capsys.readouterr().out


def test_bad_rows_import_nothing(tmp_path, supervisor, capsys):
    a = make_enterprise()
    path = tmp_path / "facts.csv"
    path.write_text(HEADER + f"{a.uscc},行政处罚,2025-03-01,,罚1号,\n"
                    f"{a.uscc},certificate_held,2025-03-01,,x,\n"
                    "91120116000000000X,投诉举报,2099-01-01,,y,\n"
                    f"{a.uscc},品牌,2025-03-01,2024-01-01,,\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_facts", str(path), "--signer", supervisor.username)
    err = capsys.readouterr().err
    assert Fact.objects.count() == 0
    for needle in ("第3行“事实类别”列", "第4行“发生日期”列", "第5行“终止日期”列", "第5行“文书编号”列"):
        assert needle in err, needle
    assert not wrong_language(err, "zh-hans", allowed=[])


def test_bad_rows_are_reported_in_english(tmp_path, supervisor):
    path = tmp_path / "facts.csv"
    path.write_text(HEADER + "91120116000000000X,行政处罚,2099-01-01,,,\n", encoding="utf-8")
    with override("en"):
        result = import_facts(path, actor=Actor.of(supervisor))
        report = [str(p) for p in result.problems]
    assert not result.ok and Fact.objects.count() == 0
    assert report == ["Row 2, column “Document number”: Must not be empty",
                      "Row 2, column “Date”: Not a date, or in the future"]
