"""Certification bodies, their scheme approvals, and inspection labs."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from qualitycert.registry.models import BodyStatus, LabStatus

from .identifiers import NUMBER_STYLES, NumberFormat, UsccMaker, approval_number, cma_number
from .lifecycle import expiry_for
from .names import person_name, trade_name
from .places import PLACE_MAKERS, cma_authority
from .vocab import BODY_NAME_PATTERNS, BODY_SEATS, CITY_EN, LAB_FIELDS, LAB_NAME_PATTERNS

START = dt.date(2017, 1, 1).toordinal()

# The first day a body could certify against a scheme (the standard's or the
# programme's start), so no certificate predates its scheme.
SCHEME_SINCE = {
    "ISO45001": dt.date(2018, 4, 1), "ISO56002": dt.date(2020, 1, 1),
    "GREEN-PRODUCT": dt.date(2018, 7, 1), "ELDERLY-CARE": dt.date(2019, 3, 1),
    "ECOMMERCE": dt.date(2017, 6, 1),
}
# Extra scheme approvals of a general body, with their probability.
GENERAL_EXTRAS = {
    "ISO50001": 0.3, "ISO27001": 0.25, "ISO20000": 0.2, "GBT29490": 0.15, "ISO22301": 0.1,
    "ISO55001": 0.08, "ISO56002": 0.1, "ISO13485": 0.12, "IATF16949": 0.05, "GBT50430": 0.25,
    "CCC": 0.08, "CQC-VOL": 0.2, "GREEN-PRODUCT": 0.12, "LOW-CARBON": 0.08,
    "ENERGY-SAVING": 0.1, "GBT27922": 0.25, "SERVICE-QUALITY": 0.2, "ISO10002": 0.15,
    "LOGISTICS": 0.1, "ELDERLY-CARE": 0.08, "ECOMMERCE": 0.08, "HACCP": 0.25,
    "ISO22000": 0.25, "ORGANIC": 0.12, "GAP": 0.08, "GREEN-FOOD": 0.05, "FEED-GMP": 0.05,
}
SPECIALISTS = (
    ("food", ("HACCP", "ISO22000", "ORGANIC", "GAP", "GREEN-FOOD", "FEED-GMP"), "F"),
    ("product", ("CQC-VOL", "CCC", "ENERGY-SAVING", "GREEN-PRODUCT", "LOW-CARBON"), "P"),
    ("service", ("GBT27922", "SERVICE-QUALITY", "ISO10002", "LOGISTICS", "ELDERLY-CARE",
                 "ECOMMERCE"), "S"),
)


@dataclass
class BodyPlan:
    id: int
    approval_number: str
    name: str
    name_en: str
    uscc: str
    accreditation: str
    approved_on: int
    valid_until: int
    status: str
    last_reported_on: int
    weight: float
    fmt: NumberFormat
    signers: tuple[str, ...]
    approvals: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    serial: int = 0
    lapsed: bool = field(init=False)

    def __post_init__(self) -> None:
        self.lapsed = self.status == BodyStatus.EXPIRED.value

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def covers(self, scheme: str, day: int) -> bool:
        if not self.approved_on <= day <= self.valid_until:
            return False
        return any(start <= day and (end is None or day <= end)
                   for start, end in self.approvals.get(scheme, ()))


def make_bodies(rng: random.Random, count: int, *, today: int, lapsed: int, first_id: int,
                usccs: UsccMaker, next_org: list[int], schemes: set[str]) -> list[BodyPlan]:
    years = [2002] + [_approval_year(rng) for _ in range(count - 1)]
    # Serials per year start at 101: the low numbers are the real bodies'
    # best-known ones, and the test fixtures use a few of them.
    serials: dict[int, int] = {}
    numbers = []
    for year in years:
        serials[year] = serials.get(year, 100) + 1
        numbers.append(approval_number(year, serials[year]))
    # Lapsed bodies are old ones: approved by 2016, lapsed in the last four years.
    candidates = [i for i in range(1, count) if years[i] <= 2016]
    lapsed_idx = set(rng.sample(candidates, min(lapsed, len(candidates))))
    used_names: set[str] = set()
    bodies = []
    for i in range(count):
        year = years[i]
        approved = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        name, name_en, prefix = _body_name(rng, i, used_names)
        seat, _city = _seat(rng)
        next_org[0] += 1
        body_uscc = usccs.make(next_org[0], authority_kind="91", division=seat,
                               new_style=year >= 2016)
        if i in lapsed_idx:
            until = today - rng.randint(180, 4 * 365)
            status, reported = BodyStatus.EXPIRED.value, until + rng.randint(0, 30)
        else:
            until = approved.toordinal()
            while until <= today:
                until = expiry_for(until + 1, 6)
            status, reported = BodyStatus.APPROVED.value, today - _report_lag(rng)
        body = BodyPlan(
            id=first_id + i, approval_number=numbers[i], name=name, name_en=name_en,
            uscc=body_uscc, accreditation="", approved_on=approved.toordinal(),
            valid_until=until, status=status, last_reported_on=reported,
            # Zipf-like market shares; the first body is the CQC-sized one.
            weight=1.0 / (i + 2) ** 0.9,
            fmt=NumberFormat("cqc" if i == 0 else rng.choice(NUMBER_STYLES), 100 + i, prefix),
            signers=tuple(person_name(rng) for _ in range(rng.randint(3, 6))),
        )
        letter = _approve_schemes(rng, body, i, today=today, schemes=schemes)
        body.accreditation = f"CNAS C{i + 101:03d}-{letter}"
        bodies.append(body)
    return bodies


def _approval_year(rng: random.Random) -> int:
    # Many bodies date from the 2002 transfer to CNCA, many more from the
    # 2016 opening of the market; a steady trickle in between.
    roll = rng.random()
    if roll < 0.25:
        return rng.randint(2002, 2005)
    if roll < 0.55:
        return rng.randint(2006, 2015)
    return rng.randint(2016, 2023)


def _report_lag(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.7:
        return rng.randint(0, 7)
    if roll < 0.9:
        return rng.randint(8, 45)
    return rng.randint(46, 200)


def _seat(rng: random.Random) -> tuple[str, str]:
    total = sum(weight for _, _, weight in BODY_SEATS)
    roll = rng.random() * total
    for code, city, weight in BODY_SEATS:
        if roll < weight:
            return code, city
        roll -= weight
    return BODY_SEATS[0][0], BODY_SEATS[0][1]


def _body_name(rng: random.Random, index: int, used: set[str]) -> tuple[str, str, str]:
    if index == 0:
        used.add("华信认证（演示）有限公司")
        return "华信认证（演示）有限公司", "Huaxin Certification (Demo) Co., Ltd.", "HX"
    while True:
        zh, en, initials = trade_name(rng)
        pattern, pattern_en = rng.choice(BODY_NAME_PATTERNS)
        _, city = _seat(rng)
        name = pattern.format(z=zh, c=city)
        if name not in used:
            used.add(name)
            return name, pattern_en.format(e=en, c_en=CITY_EN.get(city, "")).strip(), initials


def _approve_schemes(rng: random.Random, body: BodyPlan, index: int, *, today: int,
                     schemes: set[str]) -> str:
    """Give the body its approved fields; returns its CNAS letter (M, P, F, S)."""
    letter = "M"
    if index == 0:
        chosen = set(schemes)
    else:
        roll = rng.random()
        specialist = SPECIALISTS[int(roll / 0.045)] if roll < 0.135 else None
        if specialist:
            _, codes, letter = specialist
            chosen = {"ISO9001", *rng.sample(codes, rng.randint(2, len(codes)))}
        else:
            chosen = {"ISO9001", "ISO14001", "ISO45001"}
            chosen |= {code for code, p in GENERAL_EXTRAS.items() if rng.random() < p}
    for code in sorted(chosen & schemes):
        since = SCHEME_SINCE.get(code)
        start = max(body.approved_on, since.toordinal() if since else 0)
        if index and code not in {"ISO9001", "ISO14001"} and rng.random() < 0.35:
            latest = today - 400
            if latest > start:
                start = rng.randint(start, latest)  # a field added on a later extension
        end: int | None = None
        if index and not body.lapsed:
            roll = rng.random()
            if roll < 0.04 and today - 30 > start + 700:
                end = rng.randint(start + 700, today - 30)  # the body gave this field up
            elif roll < 0.07:
                end = today + rng.randint(10, 90)  # an approval about to end
        body.approvals[code] = [(start, end)]
    return letter


class BodyPicker:
    """Chooses the body for a certificate: large bodies issue most
    certificates, and only a body approved for the scheme on the day may."""

    def __init__(self, bodies: list[BodyPlan]):
        self.by_scheme: dict[str, tuple[list[BodyPlan], list[float]]] = {}
        for code in {code for body in bodies for code in body.approvals}:
            holders = [body for body in bodies if code in body.approvals]
            self.by_scheme[code] = (holders, list(accumulate(body.weight for body in holders)))

    def pick(self, rng: random.Random, scheme: str, day: int,
             prefer: BodyPlan | None = None) -> BodyPlan | None:
        if prefer is not None and prefer.covers(scheme, day):
            return prefer
        entry = self.by_scheme.get(scheme)
        if entry is None:
            return None
        holders, cumulative = entry
        for _ in range(8):
            body = holders[bisect(cumulative, rng.random() * cumulative[-1])]
            if body.covers(scheme, day):
                return body
        covering = [body for body in holders if body.covers(scheme, day)]
        return rng.choice(covering) if covering else None


@dataclass(frozen=True)
class LabPlan:
    id: int
    cma_number: str
    name: str
    uscc: str
    fields: tuple[str, ...]
    valid_from: int
    valid_until: int
    status: str
    address: str


def make_labs(rng: random.Random, count: int, *, today: int, places: str, first_id: int,
              usccs: UsccMaker, next_org: list[int]) -> list[LabPlan]:
    place_for = PLACE_MAKERS[places]
    serials: dict[tuple[int, str], int] = {}
    used_names: set[str] = set()
    labs = []
    for i in range(count):
        place = place_for(rng)
        roll = rng.random()
        if roll < 0.08:  # not renewed: the six-year certificate ran out
            valid_from = today - rng.randint(6 * 365 + 10, 8 * 365)
        else:
            valid_from = today - rng.randint(0, 6 * 365 - 5)
        valid_until = expiry_for(valid_from, 6)
        if valid_until < today:
            status = LabStatus.EXPIRED.value
        elif roll > 0.98:
            status = LabStatus.REVOKED.value
        elif roll > 0.955:
            status = LabStatus.SUSPENDED.value
        else:
            status = LabStatus.VALID.value
        fields = tuple(rng.sample(LAB_FIELDS, rng.randint(1, 4)))
        year = dt.date.fromordinal(valid_from).year
        authority = cma_authority(place.division_code)
        key = (year, authority)
        serials[key] = serials.get(key, 0) + 1
        number = cma_number(year, authority, fields[0][1], rng.randint(1, 20), serials[key])
        while True:
            name = rng.choice(LAB_NAME_PATTERNS).format(p=place.name_prefix, z=trade_name(rng)[0])
            if name not in used_names:
                used_names.add(name)
                break
        next_org[0] += 1
        lab_uscc = usccs.make(next_org[0], authority_kind="91", division=place.division_code,
                              new_style=year >= 2016)
        labs.append(LabPlan(first_id + i, number, name, lab_uscc,
                            tuple(f for f, _ in fields), valid_from, valid_until, status,
                            place.address))
    return labs
