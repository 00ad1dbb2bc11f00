import pytest

from qualitycert.testing.factories import make_enterprise
from qualitycert.verification import names


def test_core_and_probe():
    assert names.core("天津滨海测试制造有限公司") == "天津滨海测试制造"
    assert names.core("天津滨海测试股份有限公司") == "天津滨海测试"
    assert names.core("acmecoltd") == "acme"
    assert names.probe("天津市滨海测试制造有限公司") == "测试制造"
    assert names.distinctive("天津市滨海新区测试制造有限公司") == "测试制造"


def test_score():
    assert names.score("天津滨海测试制造", "天津滨海测试制造有限公司") == 100
    assert names.score("天津滨海测试制造有限公司", "北京朝阳另一家有限公司") < names.MATCH_THRESHOLD


@pytest.mark.django_db
def test_match_exact_fuzzy_and_none():
    target = make_enterprise("天津滨海精密机械制造有限公司")
    make_enterprise("天津滨海精密仪器有限公司")
    found = names.match_names(["天津滨海精密机械制造有限公司", "天津市 滨海精密机械制造",
                               "完全无关的名字", ""])
    assert found["天津滨海精密机械制造有限公司"].score == 100
    assert found["天津滨海精密机械制造有限公司"].enterprise_id == target.pk
    fuzzy = found["天津市 滨海精密机械制造"]
    assert fuzzy.enterprise_id == target.pk and fuzzy.accepted and fuzzy.score < 100
    assert found["完全无关的名字"] is None
    assert found[""] is None


@pytest.mark.django_db
def test_substring_scans_are_budgeted(monkeypatch):
    # Registered under a prefix the indexed step does not try: only a scan finds it.
    target = make_enterprise("江苏远方精工设备有限公司")
    assert names.match_names(["远方精工设备"])["远方精工设备"].enterprise_id == target.pk
    monkeypatch.setattr(names, "CONTAINS_SCANS_PER_BATCH", 0)
    assert names.match_names(["远方精工设备"])["远方精工设备"] is None


@pytest.mark.django_db
def test_the_right_company_among_many_with_the_same_start():
    for n in range(250):
        make_enterprise(f"天津华瑞恒达商贸{n:03d}有限公司")
    target = make_enterprise("天津华瑞恒达精密机械有限公司")
    found = names.match_names(["天津市华瑞恒达精密机械"])["天津市华瑞恒达精密机械"]
    assert found.enterprise_id == target.pk and found.accepted
