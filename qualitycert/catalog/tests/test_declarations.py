"""Filing, withdrawing and revoking self-declarations: the catalogue's route on
the declaration date decides, and every step is signed and audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.catalog import actions, queries
from qualitycert.catalog.models import CatalogError, SelfDeclaration
from qualitycert.testing.actors import as_actor

from .conftest import MOVE


def test_a_declaration_for_a_declarable_category(catalogue, declare, enterprise_user):
    drill = catalogue["categories"]["0501"]
    declaration = declare(drill, declared_on=dt.date(2025, 3, 1))
    assert declaration.number == "SD-2025-0501-00001"
    assert declaration.enterprise == enterprise_user.enterprise
    assert declaration.standards == ["GB 0501-标准"]  # the catalogue's, on that day
    assert declaration.models_list == ["Z1J-10", "Z1J-13"]
    assert declaration.filed_by == enterprise_user
    assert declaration.is_valid_on(dt.date(2025, 3, 1))
    assert not declaration.is_valid_on(dt.date(2025, 2, 28))
    second = declare(drill, declared_on=dt.date(2025, 4, 1), report_number="T-OTHER")
    assert second.number == "SD-2025-0501-00002"
    entry = AuditEntry.objects.filter(action="catalog.declaration.file").first()
    assert entry.after["category"] == "0501" and entry.actor == enterprise_user


def test_refused_where_the_route_requires_certification_that_day(catalogue, declare):
    drill = catalogue["categories"]["0501"]
    with pytest.raises(CatalogError, match="第三方认证"):
        declare(drill, declared_on=MOVE - dt.timedelta(days=1))
    with pytest.raises(CatalogError, match="第三方认证"):
        declare(catalogue["categories"]["0301"])
    with pytest.raises(CatalogError, match="调出目录"):
        declare(catalogue["categories"]["1601"])
    declare(drill, declared_on=MOVE)  # the day of the move is already self-declaration
    assert SelfDeclaration.objects.count() == 1


def test_designated_route_needs_a_designated_lab(catalogue, declare, designated_lab, lab):
    components = catalogue["categories"]["0302"]
    with pytest.raises(CatalogError, match="指定实验室"):
        declare(components, lab=lab)
    assert declare(components, lab=designated_lab).lab == designated_lab


@pytest.mark.parametrize(("extra", "words"), [
    ({"declared_on": dt.date(2999, 1, 1)}, "晚于今天"),
    ({"report_date": dt.date(2025, 3, 2)}, "报告日期"),
    ({"models": []}, "型号"),
    ({"product": " "}, "产品名称"),
    ({"report_number": "  "}, "报告编号"),
])
def test_declaration_rules(catalogue, declare, extra, words):
    with pytest.raises(CatalogError, match=words):
        declare(catalogue["categories"]["0501"], **extra)
    assert not SelfDeclaration.objects.exists()


def test_a_lab_without_a_valid_accreditation_is_refused(catalogue, declare, lab):
    lab.status = "suspended"
    lab.save()
    with pytest.raises(CatalogError, match="资质认定"):
        declare(catalogue["categories"]["0501"])


def test_the_same_report_twice_is_refused(catalogue, declare):
    declare(catalogue["categories"]["0501"], report_number="T-1")
    with pytest.raises(CatalogError, match="已凭该检测报告"):
        declare(catalogue["categories"]["0501"], report_number="T-1",
                declared_on=dt.date(2025, 4, 1))


def test_only_the_enterprise_files_for_itself(catalogue, lab, other_enterprise_user, holder):
    with pytest.raises(PermissionDenied):
        actions.file_declaration(
            enterprise=holder, category=catalogue["categories"]["0501"], product="电钻",
            models=["A"], lab=lab, report_number="X", report_date=dt.date(2025, 1, 1),
            actor=as_actor(other_enterprise_user))


def test_withdraw_by_the_enterprise(catalogue, declare, enterprise_user, other_enterprise_user):
    declaration = declare(catalogue["categories"]["0501"])
    with pytest.raises(PermissionDenied):
        actions.withdraw_declaration(declaration, reason="停产", actor=as_actor(other_enterprise_user))
    with pytest.raises(CatalogError, match="注销理由"):
        actions.withdraw_declaration(declaration, reason=" ", actor=as_actor(enterprise_user))
    withdrawn = actions.withdraw_declaration(declaration, reason="该型号停产",
                                             actor=as_actor(enterprise_user), on=dt.date(2025, 6, 1))
    assert withdrawn.status == "withdrawn" and withdrawn.ended_on == dt.date(2025, 6, 1)
    assert withdrawn.status_signer_name == as_actor(enterprise_user).signature()
    assert withdrawn.is_valid_on(dt.date(2025, 5, 31)) and not withdrawn.is_valid_on(
        dt.date(2025, 6, 1))
    with pytest.raises(CatalogError):
        actions.withdraw_declaration(withdrawn, reason="再次", actor=as_actor(enterprise_user))
    assert AuditEntry.objects.get(action="catalog.declaration.withdraw").reason == "该型号停产"


def test_revoke_by_the_bureau_only(catalogue, declare, enterprise_user, supervisor):
    declaration = declare(catalogue["categories"]["0501"])
    with pytest.raises(PermissionDenied):
        actions.revoke_declaration(declaration, reason="虚假", grounds="false_declaration",
                                   decision_number="津滨市监撤〔2025〕1号", actor=as_actor(enterprise_user))
    with pytest.raises(CatalogError, match="决定文号"):
        actions.revoke_declaration(declaration, reason="虚假", grounds="false_declaration",
                                   decision_number="", actor=as_actor(supervisor))
    revoked = actions.revoke_declaration(
        declaration, reason="检测报告系伪造", grounds="false_declaration",
        decision_number="津滨市监撤〔2025〕1号", actor=as_actor(supervisor), on=dt.date(2025, 7, 1))
    assert (revoked.status, revoked.revocation_grounds, revoked.ended_on) == (
        "revoked", "false_declaration", dt.date(2025, 7, 1))
    assert revoked.status_signed_by == supervisor
    # In the quality archive: the declaration ended, and a false declaration (issue 13).
    from qualitycert.credit.models import Fact

    facts = dict(Fact.objects.filter(source_type="catalog.declaration",
                                     source_id=str(declaration.pk))
                 .values_list("kind", "ends_on"))
    assert facts == {"self_declaration": dt.date(2025, 7, 1), "false_declaration": None}
    with pytest.raises(CatalogError, match="已被撤销"):
        actions.revoke_declaration(revoked, reason="再", grounds="other", decision_number="2",
                                   actor=as_actor(supervisor))


def test_a_withdrawn_declaration_can_still_be_revoked(catalogue, declare, enterprise_user,
                                                      supervisor):
    declaration = declare(catalogue["categories"]["0501"])
    actions.withdraw_declaration(declaration, reason="停产", actor=as_actor(enterprise_user),
                                 on=dt.date(2025, 6, 1))
    revoked = actions.revoke_declaration(
        declaration, reason="检测报告系伪造", grounds="false_declaration",
        decision_number="津滨市监撤〔2025〕2号", actor=as_actor(supervisor), on=dt.date(2025, 8, 1))
    # It stopped counting when it was withdrawn; the revocation keeps that day.
    assert (revoked.status, revoked.ended_on, revoked.revoked_on) == (
        "revoked", dt.date(2025, 6, 1), dt.date(2025, 8, 1))


def test_lookup_by_number_as_people_type_it(catalogue, declare):
    declaration = declare(catalogue["categories"]["0501"])
    assert queries.declaration_by_number(" ｓｄ－2025－0501－00001 ") == declaration
    assert queries.declaration_by_number("SD-2025-0501-00002") is None
    assert queries.declaration_by_number("") is None
    assert queries.declarations_by_numbers(["sd-2025-0501-00001", "nope"]) == {
        declaration.number: declaration}
