"""The plan's programmes in the demo (issue 15): designations, geographical
indications and farm-produce marks, standard editions and signatories of the
certificates, the bodies' people and commitments, the integrity archive from
the planted lifecycle anomalies, training sessions, adopters, the key
energy-using list and the departments' own QMS certificates.

Called by `seed_demo` after the registry and the catalogue, with its own
random stream (so neither changes for a seed). Sized so that each indicator
of the public programme page has something to show, and the GI target sits
just below its goal of 5 (four in force, one revoked): recording one more in
the back office meets it. Names are invented for the demo.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from qualitycert.plan.models import Department
from qualitycert.programmes.models import (
    Adoption,
    BodyCommitment,
    BodyFinding,
    BodyPerson,
    CertificateParticulars,
    CheckVolume,
    DepartmentQMS,
    Designation,
    EditionTransition,
    GIProduct,
    KeyEnergyUser,
    QualityMark,
    TrainingSession,
)
from qualitycert.registry.models import (
    Certificate,
    CertificationBody,
    Enterprise,
    Scheme,
)
from qualitycert.registry.queries import ANOMALY_KINDS, anomalies

# Certificates carrying their edition and signatory; past this the demo
# samples (a province-scale run would otherwise write millions of rows).
PARTICULARS_CAP = 20_000
# Lifecycle anomalies filed in the integrity archive (each one audited).
FINDINGS_CAP = 500
EDITIONS = {
    # scheme: (old edition, new edition, transition deadline)
    "ISO9001": ("GB/T 19001-2008 / ISO 9001:2008", "GB/T 19001-2016 / ISO 9001:2015",
                dt.date(2018, 9, 15)),
    "ISO14001": ("GB/T 24001-2004 / ISO 14001:2004", "GB/T 24001-2016 / ISO 14001:2015",
                 dt.date(2018, 9, 15)),
    "ISO50001": ("GB/T 23331-2012 / ISO 50001:2011", "GB/T 23331-2020 / ISO 50001:2018",
                 dt.date(2021, 8, 21)),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
QUALIFICATIONS = ["QMS 审核员", "QMS 高级审核员", "EMS 审核员", "OHSMS 审核员", "EnMS 审核员",
                  "产品认证检查员", "服务认证审查员"]


@dataclass
class ProgrammesDemo:
    counts: Counter[str] = field(default_factory=Counter)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def seed_programmes(*, seed: int, today: dt.date) -> ProgrammesDemo:
    rng = random.Random(f"programmes-{seed}")  # nosec B311 # demo data, reproducible by seed
    report = ProgrammesDemo()
    units = list(Department.objects.order_by("id"))
    enterprises = list(Enterprise.objects.filter(legal_status="active")
                       .order_by("id").values_list("id", flat=True)[:5000])
    if not units or not enterprises:
        return report
    _designations(rng, today, enterprises, report)
    _geographical_indications(rng, today, enterprises, report)
    _people_and_particulars(rng, today, report)
    report.counts["findings"] = _findings(today)
    _training(rng, today, units, report)
    _adoption(rng, today, units, report)
    _energy_and_government(rng, today, units, report)
    return report


def _designations(rng: random.Random, today: dt.date, enterprises: list[int],
                  report: ProgrammesDemo) -> None:
    rows = [
        ("qc_demo_zone", "滨海高新区质量认证示范区", "municipal", dt.date(2020, 11, 20), "天津市市场监管委", None),
        ("qc_demo_site", "临港经济区质量认证示范点", "district", dt.date(2021, 6, 8), "滨海新区人民政府", None),
        ("qc_demo_site", "中新生态城质量认证示范点", "district", dt.date(2021, 6, 8), "滨海新区人民政府",
         dt.date(2024, 6, 7)),
        ("qc_demo_enterprise", "质量认证示范企业（第一批）", "district", dt.date(2021, 12, 1),
         "滨海新区市场监管局", None),
        ("organic_demo_zone", "滨海新区茶淀街国家有机产品认证示范区（创建）", "national",
         dt.date(2022, 9, 30), "国家认监委", None),
        ("service_benchmark", "港口物流“服务标杆”", "municipal", dt.date(2022, 3, 15), "天津市商务局", None),
        ("service_benchmark", "养老服务“服务标杆”", "district", dt.date(2023, 5, 10), "滨海新区民政局", None),
    ]
    for kind, name, level, on, authority, ended in rows:
        if on > today:
            continue
        designation = Designation.objects.create(
            kind=kind, name=name, level=level, designated_on=on, authority=authority,
            document_number=f"演示〔{on.year}〕{rng.randint(1, 90)}号", area="滨海新区",
            ended_on=ended if ended and ended <= today else None,
            end_reason="复核未通过（演示）" if ended and ended <= today else "",
            internal_note="演示数据：复核材料在区局质量发展科")
        designation.enterprises.set(rng.sample(enterprises, min(len(enterprises), 5)))
        report.counts["designations"] += 1


def _geographical_indications(rng: random.Random, today: dt.date, enterprises: list[int],
                              report: ProgrammesDemo) -> None:
    organic = list(Certificate.objects.filter(scheme__code__in=["ORGANIC", "GREEN-FOOD"])
                   .values_list("id", flat=True)[:20])
    rows = [
        ("protected_product", "茶淀葡萄（演示）", "汉沽茶淀街", "原国家质检总局", dt.date(2016, 3, 1), None),
        ("certification_mark", "汉沽飞蟹（演示）", "汉沽街沿海", "国家知识产权局", dt.date(2018, 7, 2), None),
        ("certification_mark", "大港冬枣（演示）", "大港街", "国家知识产权局", dt.date(2019, 10, 9), None),
        ("protected_product", "塘沽海盐（演示）", "塘沽盐场", "国家知识产权局", dt.date(2021, 4, 16), None),
        ("certification_mark", "北塘河虾（演示）", "北塘街", "国家知识产权局", dt.date(2017, 5, 5),
         dt.date(2023, 5, 4)),
        ("agri_product", "小站稻（演示）", "小站镇", "农业农村部", dt.date(2015, 12, 1), None),
    ]
    for number, (kind, name, area, authority, on, ended) in enumerate(rows, start=1):
        product = GIProduct.objects.create(
            kind=kind, name=name, area=f"滨海新区{area}", authority=authority,
            registration_number=f"DEMO-GI-{number:03d}", registered_on=on,
            ended_on=ended if ended and ended <= today else None)
        product.users.set(rng.sample(enterprises, min(len(enterprises), 3)))
        if organic:
            product.certificates.set(rng.sample(organic, min(len(organic), 2)))
        report.counts["gi_products"] += 1
    for number in range(1, 7):
        kind = "pollution_free" if number <= 4 else "high_end"
        granted = dt.date(2018 + number % 4, 3, 1)
        QualityMark.objects.create(
            kind=kind, product=rng.choice(["大米", "冬枣", "对虾", "葡萄", "蔬菜"]),
            holder_id=rng.choice(enterprises), number=f"DEMO-{kind[:2].upper()}-{number:03d}",
            authority="农业农村部农产品质量安全中心" if kind == "pollution_free" else "天津市市场监管委",
            granted_on=granted,
            ended_on=dt.date(2022, 12, 31) if number == 1 and today > dt.date(2022, 12, 31) else None)
        report.counts["quality_marks"] += 1


def _people_and_particulars(rng: random.Random, today: dt.date,
                            report: ProgrammesDemo) -> None:
    bodies = list(CertificationBody.objects.order_by("id")[:40])
    signatories: dict[int, list[BodyPerson]] = {}
    people = []
    for body in bodies:
        for index in range(rng.randint(3, 8)):
            people.append(BodyPerson(
                body=body, name=_name(rng), role="auditor", qualification=rng.choice(QUALIFICATIONS),
                registration_number=f"2017-N1QMS{body.pk:04d}{index:03d}",
                valid_until=today + dt.timedelta(days=rng.randint(-200, 1000)),
                active=rng.random() > 0.08))
        for index in range(2):
            people.append(BodyPerson(body=body, name=_name(rng), role="signatory",
                                     registration_number=f"SIG-{body.pk:04d}-{index}"))
        if rng.random() < 0.7:
            BodyCommitment.objects.create(
                body=body, title="认证活动诚信承诺", published_on=dt.date(2020, 1, 6),
                text="严格执行认证规则，对认证结果负责；不出具虚假认证结论；接受社会监督。",
                url=f"https://example.org/demo/commitment/{body.pk}")
    BodyPerson.objects.bulk_create(people, batch_size=100)
    for person in BodyPerson.objects.filter(role="signatory"):
        signatories.setdefault(person.body_id, []).append(person)
    report.counts["body_people"] = len(people)

    schemes = {code: Scheme.objects.filter(code=code).first() for code in EDITIONS}
    rows = []
    for code, (old, new, deadline) in EDITIONS.items():
        scheme = schemes[code]
        if scheme is None:
            continue
        EditionTransition.objects.create(scheme=scheme, old_edition=old, new_edition=new,
                                         deadline=deadline, source="认监委换版通知（演示）")
        certificates = (Certificate.objects.filter(scheme=scheme).order_by("id")
                        .values_list("id", "body_id", "issued_on")[:PARTICULARS_CAP])
        # A few valid ones never moved to the new edition: what the indicator
        # is there to find once the deadline has passed.
        laggards = set(Certificate.objects.filter(scheme=scheme, status="valid")
                       .order_by("id").values_list("id", flat=True)[:3])
        for cert_id, body_id, issued_on in certificates:
            on_old = cert_id in laggards or (issued_on < deadline and rng.random() < 0.35)
            signer = rng.choice(signatories[body_id]) if body_id in signatories else None
            rows.append(CertificateParticulars(
                certificate_id=cert_id, standard_edition=old if on_old else new,
                signatory=signer if rng.random() < 0.85 else None))
    CertificateParticulars.objects.bulk_create(rows, batch_size=200)
    report.counts["certificate_particulars"] = len(rows)


def _findings(today: dt.date) -> int:
    """The planted lifecycle anomalies as the bodies' integrity-archive
    entries, each naming the certificate's signatory, as
    `programmes.actions.collect_anomaly_findings` files them (written here
    directly: the demo is one audited act, like the rest of its data)."""
    titles = {kind.code: kind.title_zh for kind in ANOMALY_KINDS}
    signers = dict(CertificateParticulars.objects.filter(signatory__isnull=False)
                   .values_list("certificate_id", "signatory_id"))
    names = dict(BodyPerson.objects.filter(role="signatory").values_list("id", "name"))
    rows = []
    for kind, certificates in anomalies(today):
        for certificate in certificates[:FINDINGS_CAP]:
            signer = signers.get(certificate.pk)
            rows.append(BodyFinding(
                body_id=certificate.body_id, source="lifecycle_anomaly",
                reference=f"{kind.code}:{certificate.pk}", found_on=today,
                summary=f"{titles[kind.code]}：{certificate.number}"[:300],
                certificate_id=certificate.pk, signatory_id=signer,
                signatory_name=names.get(signer, "") if signer else ""))
    BodyFinding.objects.bulk_create(rows[:FINDINGS_CAP], batch_size=100)
    return min(len(rows), FINDINGS_CAP)


def _training(rng: random.Random, today: dt.date, units: list[Department],
              report: ProgrammesDemo) -> None:
    topics = [("GB/T 19001-2016 标准宣贯", "enterprises"), ("小微企业质量管理培训", "enterprises"),
              ("内审员培训班", "internal_auditors"), ("认证监管执法培训", "inspectors"),
              ("质量认证知识进社区", "public")]
    sessions = []
    for year in (today.year - 1, today.year):
        for month in range(1, 13):
            held = dt.date(year, month, rng.randint(5, 25))
            if held > today or rng.random() < 0.4:
                continue
            title, audience = rng.choice(topics)
            participants = rng.randint(20, 150)
            sessions.append(TrainingSession(
                title=f"{year}年{title}", held_on=held,
                organiser=units[0] if rng.random() < 0.6 else rng.choice(units),
                audience=audience, participants=participants,
                enterprises=participants // 2 if audience == "enterprises" else 0,
                internal_auditors=participants if audience == "internal_auditors" else 0,
                inspectors=participants if audience == "inspectors" else 0,
                hours=rng.choice([4, 8, 16])))
    TrainingSession.objects.bulk_create(sessions, batch_size=100)
    report.counts["training_sessions"] = len(sessions)


def _adoption(rng: random.Random, today: dt.date, units: list[Department],
              report: ProgrammesDemo) -> None:
    by_name = {unit.name: unit for unit in units}
    rows = [("滨海新区政府采购中心", "procurement_unit", "tender_clause", None),
            ("滨海新区政府采购中心", "procurement_unit", "supplier_list", None),
            ("区住房建设委", "department", "supplier_list", "区住房建设委"),
            ("区卫生健康委", "department", "tender_clause", "区卫生健康委"),
            ("区交通运输局", "department", "supplier_list", "区交通运输局")]
    for name, kind, method, unit in rows:
        adoption = Adoption.objects.create(
            adopter_name=name, kind=kind, method=method, department=by_name.get(unit or ""),
            document=f"采购文件范本（{today.year - 1}版，演示）", started_on=dt.date(today.year - 1, 3, 1))
        if method == "supplier_list":
            month = dt.date(today.year - 1, 3, 1)
            volumes = []
            while month <= today:
                volumes.append(CheckVolume(adoption=adoption, month=month,
                                           checks=rng.randint(40, 400), source="单位报送（演示）"))
                month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
            CheckVolume.objects.bulk_create(volumes)
        report.counts["adoptions"] += 1


def _energy_and_government(rng: random.Random, today: dt.date, units: list[Department],
                           report: ProgrammesDemo) -> None:
    certified = list(Certificate.objects.filter(scheme__code="ISO50001", status="valid")
                     .values_list("holder_id", flat=True).distinct()[:25])
    others = list(Enterprise.objects.filter(size="large", legal_status="active")
                  .exclude(pk__in=certified).values_list("id", flat=True)[:35])
    year = today.year - 1
    listed = [KeyEnergyUser(enterprise_id=pk, year=year, sector=rng.choice(["工业", "交通", "电力",
                                                                            "建筑", "公共机构"]),
                            consumption_tce=rng.randint(5_000, 200_000))
              for pk in dict.fromkeys([*certified, *others])]
    KeyEnergyUser.objects.bulk_create(listed)
    report.counts["key_energy_users"] = len(listed)
    for unit in units[:6]:
        issued = dt.date(today.year - rng.randint(0, 2), rng.randint(1, 12), 1)
        DepartmentQMS.objects.create(
            department=unit, certificate_number=f"DEMO-GOV-QMS-{unit.code}",
            body_name="中国质量认证中心（演示）", issued_on=min(issued, today),
            expires_on=issued.replace(year=issued.year + 3) - dt.timedelta(days=1))
        report.counts["department_qms"] += 1
