"""Programme fixtures: the Binhai plan (from its data migration, reloaded if
a transactional test flushed it) and a planted set of records whose every
indicator the tests recount by hand-written SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from qualitycert.plan.models import Department, Plan
from qualitycert.plan.tests.conftest import ensure_plan


@pytest.fixture
def plan(db) -> Plan:
    return ensure_plan()


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@dataclass
class Planted:
    day: dt.date
    objects: dict[str, Any]


@pytest.fixture
def planted(plan, issue, body_a, body_b, supervisor, today) -> Planted:
    """A little of everything, including records that must not count:
    ended, future, expired, another year, deregistered."""
    from qualitycert.api.models import ApiToken
    from qualitycert.programmes import models as m
    from qualitycert.registry.models import Scheme
    from qualitycert.testing.factories import make_enterprise

    year_start = dt.date(today.year, 1, 1)
    ents = {
        "small_cert": make_enterprise("小型认证甲公司", size="small"),
        "micro_cert": make_enterprise("微型认证乙公司", size="micro"),
        "small_none": make_enterprise("小型未认证丙公司", size="small"),
        "micro_expired": make_enterprise("微型过期丁公司", size="micro"),
        "small_gone": make_enterprise("小型注销戊公司", size="small", legal_status="deregistered"),
        "large_cert": make_enterprise("大型认证己公司", size="large"),
        "energy_user": make_enterprise("重点用能庚公司", size="large"),
        "energy_none": make_enterprise("重点用能辛公司", size="medium"),
    }
    issued = dt.date(today.year - 1, 3, 1)
    certs = {
        "small": issue(body_a, ents["small_cert"], "Q-001", issued_on=issued),
        "micro": issue(body_a, ents["micro_cert"], "Q-002", issued_on=issued),
        "micro_14001": issue(body_a, ents["micro_cert"], "E-001", scheme="ISO14001",
                             issued_on=issued),
        "expired": issue(body_a, ents["micro_expired"], "Q-003",
                         issued_on=dt.date(today.year - 5, 1, 1)),
        "gone": issue(body_a, ents["small_gone"], "Q-004", issued_on=issued),
        "large": issue(body_b, ents["large_cert"], "Q-005", issued_on=issued),
        "organic": issue(body_a, ents["large_cert"], "O-001", scheme="ORGANIC", issued_on=issued,
                         years=1),
    }
    from qualitycert.registry.models import BodySchemeApproval
    BodySchemeApproval.objects.get_or_create(
        body=body_b, scheme=Scheme.objects.get(code="ISO50001"),
        defaults={"valid_from": dt.date(2000, 1, 1)})
    certs["energy"] = issue(body_b, ents["energy_user"], "EN-001", scheme="ISO50001",
                            issued_on=issued)
    # Editions: two on the old edition (one of them expired), one on the new.
    iso9001 = Scheme.objects.get(code="ISO9001")
    m.EditionTransition.objects.create(scheme=iso9001, old_edition="GB/T 19001-2008",
                                       new_edition="GB/T 19001-2016",
                                       deadline=dt.date(2018, 9, 15))
    signer = m.BodyPerson.objects.create(body=body_a, name="签字人甲", role="signatory",
                                         registration_number="S-1")
    m.CertificateParticulars.objects.create(certificate=certs["small"],
                                            standard_edition="GB/T 19001-2008", signatory=signer)
    m.CertificateParticulars.objects.create(certificate=certs["expired"],
                                            standard_edition="GB/T 19001-2008", signatory=signer)
    m.CertificateParticulars.objects.create(certificate=certs["micro"],
                                            standard_edition="GB/T 19001-2016")
    # People of the bodies.
    m.BodyPerson.objects.create(body=body_a, name="审核员甲", role="auditor",
                                qualification="QMS 审核员", registration_number="A-1")
    m.BodyPerson.objects.create(body=body_a, name="审核员乙", role="auditor",
                                qualification="QMS 高级审核员", registration_number="A-2")
    m.BodyPerson.objects.create(body=body_b, name="审核员丙", role="auditor",
                                qualification="QMS 审核员", registration_number="A-3",
                                valid_until=today - dt.timedelta(days=1))
    m.BodyPerson.objects.create(body=body_b, name="审核员丁", role="auditor",
                                qualification="EnMS 审核员", registration_number="A-4",
                                active=False)
    m.BodyCommitment.objects.create(body=body_a, title="公开承诺", text="……",
                                    published_on=dt.date(today.year - 1, 1, 1))
    m.BodyCommitment.objects.create(body=body_b, title="已撤回", text="……",
                                    published_on=dt.date(today.year - 1, 1, 1),
                                    withdrawn_on=dt.date(today.year - 1, 6, 1))
    m.BodyFinding.objects.create(body=body_a, source="complaint", reference="F-1",
                                 found_on=year_start, summary="投诉", certificate=certs["small"],
                                 signatory=signer, signatory_name=signer.name)
    m.BodyFinding.objects.create(body=body_b, source="inspection", reference="I-1",
                                 found_on=dt.date(today.year - 1, 5, 1), summary="检查",
                                 closed_on=dt.date(today.year - 1, 7, 1))
    # GI and marks.
    def gi(kind: str, number: str, registered: dt.date, ended: dt.date | None = None) -> Any:
        return m.GIProduct.objects.create(kind=kind, name=f"地标{number}", area="滨海新区",
                                          authority="国家知识产权局", registration_number=number,
                                          registered_on=registered, ended_on=ended)
    gi("certification_mark", "G1", dt.date(2015, 1, 1))
    gi("protected_product", "G2", dt.date(2016, 1, 1))
    gi("certification_mark", "G3", dt.date(2018, 1, 1), ended=dt.date(2020, 1, 1))
    gi("agri_product", "G4", dt.date(2017, 1, 1))
    m.QualityMark.objects.create(kind="pollution_free", product="大米", holder=ents["large_cert"],
                                 number="WGH-1", authority="农业农村部", granted_on=dt.date(2018, 1, 1))
    m.QualityMark.objects.create(kind="high_end", product="海鲜", holder=ents["large_cert"],
                                 number="GD-1", authority="天津市", granted_on=dt.date(2019, 1, 1),
                                 ended_on=dt.date(2020, 1, 1))
    # Designations.
    def designate(kind: str, name: str, ended: dt.date | None = None) -> Any:
        return m.Designation.objects.create(kind=kind, name=name, level="municipal",
                                            designated_on=dt.date(2019, 6, 1), authority="市局",
                                            ended_on=ended, internal_note="仅内部可见的备注")
    designate("qc_demo_zone", "示范区甲")
    designate("qc_demo_enterprise", "示范企业乙")
    designate("qc_demo_site", "示范点丙", ended=dt.date(2021, 1, 1))
    designate("service_benchmark", "物流服务标杆")
    designate("organic_demo_zone", "有机示范区")
    # Training: two this year, one last year.
    unit = Department.objects.get(code="scjgj")
    other = Department.objects.get(code="fgw")
    for title, held, n, e, a, i, org in [
        ("质量管理培训", year_start, 50, 30, 10, 0, unit),
        ("执法培训", year_start, 20, 0, 0, 20, other),
        ("去年的培训", dt.date(today.year - 1, 6, 1), 99, 9, 9, 9, unit),
    ]:
        m.TrainingSession.objects.create(title=title, held_on=held, organiser=org,
                                         audience="enterprises", participants=n, enterprises=e,
                                         internal_auditors=a, inspectors=i)
    # Adoption.
    token = ApiToken.objects.create(name="采购平台", owner=supervisor, token_digest="x" * 64,
                                    token_prefix="qc_x", last_used_at=timezone.now())
    a1 = m.Adoption.objects.create(adopter_name="区政府采购中心", kind="procurement_unit",
                                   method="batch_api", api_token=token,
                                   started_on=dt.date(2021, 1, 1))
    m.Adoption.objects.create(adopter_name="区政府采购中心", kind="procurement_unit",
                              method="tender_clause", started_on=dt.date(2021, 1, 1))
    m.Adoption.objects.create(adopter_name="区住房建设委", kind="department", method="supplier_list",
                              department=Department.objects.get(code="zfjsw")
                              if Department.objects.filter(code="zfjsw").exists() else None,
                              started_on=dt.date(2021, 1, 1), ended_on=dt.date(2022, 1, 1))
    m.CheckVolume.objects.create(adoption=a1, month=year_start, checks=1200, source="令牌日志")
    m.CheckVolume.objects.create(adoption=a1, month=dt.date(today.year - 1, 12, 1), checks=800,
                                 source="令牌日志")
    # Energy list: the latest year holds both, one certified.
    m.KeyEnergyUser.objects.create(enterprise=ents["energy_user"], year=today.year - 1)
    m.KeyEnergyUser.objects.create(enterprise=ents["energy_none"], year=today.year - 1)
    m.KeyEnergyUser.objects.create(enterprise=ents["energy_none"], year=today.year - 3)
    # Government QMS: one unit in force, one expired.
    m.DepartmentQMS.objects.create(department=unit, certificate_number="GOV-1", body_name="某认证",
                                   issued_on=dt.date(today.year - 1, 1, 1),
                                   expires_on=dt.date(today.year + 1, 1, 1))
    m.DepartmentQMS.objects.create(department=other, certificate_number="GOV-2", body_name="某认证",
                                   issued_on=dt.date(2015, 1, 1), expires_on=dt.date(2018, 1, 1))
    return Planted(today, {"ents": ents, "certs": certs, "unit": unit, "other": other})
