"""import-facts: penalties, complaints, awards … all rows or none."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from qualitycert.credit.models import Fact
from qualitycert.testing.factories import make_enterprise

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
    assert "created 0, unchanged 2" in capsys.readouterr().out


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
    for needle in ("row 3 kind", "row 4 occurred_on", "row 5 ends_on", "row 5 reference"):
        assert needle in err, needle
