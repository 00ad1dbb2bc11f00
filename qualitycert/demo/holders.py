"""Enterprises and their certificates, generated in batches of rows.

`Generator` owns the running state of one seeding run (the random stream,
the next primary keys, each body's serial, the counts) and turns it into
plain tuples for `registry.bulk.insert_rows`. Primary keys are assigned
here rather than by the database, so certificates can point at their holder
and events at their certificate without reading anything back.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from qualitycert.lib.normalize import name_search_key
from qualitycert.registry.models import LegalStatus

from . import lifecycle as lc
from .identifiers import UsccMaker
from .industries import (
    BY_CODE,
    PROFILES,
    REPEATABLE,
    SECTION_CERT_AFFINITY,
    SIZE_CERT_AFFINITY,
    SIZE_CERT_COUNT,
    Industry,
    pick_industry,
    pick_size,
)
from .names import company_name, cooperative, public_body, scope, sole_trader_name
from .organisations import SCHEME_SINCE, START, BodyPicker, BodyPlan
from .places import PLACE_MAKERS, Place
from .scales import Scale

ENTERPRISE_COLUMNS = (
    "id", "uscc", "name", "name_key", "former_names", "address", "division_code",
    "industry_code", "legal_status", "size", "is_tech_leader", "has_own_brand",
    "is_equipment_manufacturer", "created_at", "updated_at",
)
CERTIFICATE_COLUMNS = (
    "id", "number", "body_id", "holder_id", "scheme_id", "scope", "sites", "issued_on",
    "expires_on", "status", "status_changed_on", "status_reason", "status_signed_by_id",
    "status_signer_name", "last_surveillance_on", "updated_at", "status_reason_code",
)
EVENT_COLUMNS = (
    "id", "certificate_id", "kind", "occurred_on", "recorded_at", "signed_by_id",
    "signer_name", "reason", "from_status", "to_status", "details", "reason_code",
)
_MODEL_LETTERS = "ABCDEFGHJKLMNPQRSTWXYZ"
SOLE_TRADER_INDUSTRIES = ("F5179", "F5212", "H6210", "H6220", "O8111", "O8010", "G5431")
ACTIVE = LegalStatus.ACTIVE.value
GONE = {LegalStatus.REVOKED.value: (lc.WITHDRAW, lc.R_HOLDER_REVOKED),
        LegalStatus.DEREGISTERED.value: (lc.CANCEL, lc.R_HOLDER_DEREGISTERED)}


@dataclass(frozen=True)
class SchemeInfo:
    id: int
    code: str
    category: str
    validity_years: int
    audited: bool


@dataclass
class Draft:
    """An enterprise as the certificate generator needs to know it."""

    id: int
    name: str
    industry: Industry
    size: str
    legal_status: str
    gone_on: int | None
    place: Place


@dataclass
class Rows:
    enterprises: list[tuple[Any, ...]] = field(default_factory=list)
    certificates: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)


class Generator:
    def __init__(self, rng: random.Random, *, scale: Scale, today: int,
                 schemes: dict[str, SchemeInfo], bodies: list[BodyPlan], usccs: UsccMaker,
                 next_org: list[int], first_ids: dict[str, int],
                 adapt_datetime: Callable[[dt.datetime], Any]):
        self.rng, self.scale, self.today = rng, scale, today
        self.schemes, self.bodies, self.picker = schemes, bodies, BodyPicker(bodies)
        self.usccs, self.next_org = usccs, next_org
        self.next_enterprise = first_ids["enterprise"]
        self.next_certificate = first_ids["certificate"]
        self.next_event = first_ids["event"]
        self.place_for = PLACE_MAKERS[scale.places]
        self._adapt = adapt_datetime
        self._stamps: dict[int, Any] = {}
        self.created_at = self.stamp(today, hour=8)
        self.names: set[str] = set()
        self.rows = Rows()
        self.counts: Counter[str] = Counter()
        self.showcase_enterprise_id: int | None = None
        self.fallback_enterprise_id: int | None = None
        self._weights_seen = [0.0, 0]
        # When most entities are certified (the load-test scales), strong
        # preferences would cap at probability 1 and miss the target.
        self._tempering = 1.0 if scale.holders <= 0.3 * scale.enterprises else 0.3
        self._iso: dict[int, str] = {}
        self._count_factor_seen = [0.0, 0]
        self._profiles = {name: [(code, weight) for code, weight in profile.items()
                                 if code in schemes] for name, profile in PROFILES.items()}

    # --- time stamps -------------------------------------------------------

    def stamp(self, day: int, *, hour: int = 10) -> Any:
        """A recorded-at time on `day` (Beijing time), in the database's form."""
        key = day * 24 + hour
        value = self._stamps.get(key)
        if value is None:
            moment = dt.datetime.combine(dt.date.fromordinal(day), dt.time(hour),
                                         tzinfo=dt.timezone(dt.timedelta(hours=8)))
            value = self._stamps[key] = self._adapt(moment)
        return value

    def iso_date(self, day: int) -> str:
        """YYYY-MM-DD, which both backends accept for a date column; cached,
        since a run writes millions of dates over a few thousand days."""
        text = self._iso.get(day)
        if text is None:
            text = self._iso[day] = dt.date.fromordinal(day).isoformat()
        return text

    # --- enterprises ---------------------------------------------------------

    def enterprise(self, *, legal_status: str | None = None, gone_on: int | None = None,
                   industry: Industry | None = None, size: str | None = None) -> Draft:
        rng = self.rng
        place = self.place_for(rng)
        roll = rng.random()
        kind = ("92" if roll < 0.07 else "93" if roll < 0.09 else "52" if roll < 0.105
                else "51" if roll < 0.113 else "12" if roll < 0.12 else "91")
        if industry is not None or kind == "91":
            kind = "91"
            trade = industry or pick_industry(rng)
            scale_of = size or pick_size(rng, trade.section)
            name = self._unique(lambda: company_name(rng, place, trade, scale_of))
        elif kind == "92":
            trade, scale_of = BY_CODE[rng.choice(SOLE_TRADER_INDUSTRIES)], "micro"
            name = self._unique(lambda: sole_trader_name(rng, place, trade))
        elif kind == "93":
            name, code = cooperative(rng, place)
            trade, scale_of = BY_CODE[code], rng.choice(("micro", "micro", "small"))
        else:
            name, code = public_body(rng, place, kind)
            trade, scale_of = BY_CODE[code], ""
        industry, size = trade, scale_of
        if legal_status is None:
            roll = rng.random()
            legal_status = (ACTIVE if roll < 0.88 else LegalStatus.REVOKED.value if roll < 0.915
                            else LegalStatus.DEREGISTERED.value if roll < 0.975
                            else LegalStatus.MOVED_OUT.value)
        if legal_status in GONE and gone_on is None:
            gone_on = rng.randint(dt.date(2018, 1, 1).toordinal(), self.today - 20)
        self.next_org[0] += 1
        new_style = rng.random() < (0.8 if kind == "92" else 0.62)
        code = self.usccs.make(self.next_org[0], authority_kind=kind,
                               division=place.division_code, new_style=new_style)
        tech = (industry.section in "CIM" and size in ("large", "medium")
                and rng.random() < (0.12 if size == "large" else 0.03))
        brand = (tech and rng.random() < 0.97) or (
            not tech and rng.random() < {"large": 0.55, "medium": 0.3, "small": 0.1}.get(size, 0.02)
            * (1.0 if industry.section == "C" else 0.5))
        former = "[]"
        if rng.random() < 0.03:
            former = json.dumps([company_name(rng, place, industry, size)], ensure_ascii=False)
        draft = Draft(self.next_enterprise, name, industry, size, legal_status, gone_on, place)
        self.next_enterprise += 1
        self.rows.enterprises.append((
            draft.id, code, name, name_search_key(name)[:200], former, place.address,
            place.division_code, industry.code, legal_status, size, tech, brand,
            industry.is_equipment, self.created_at, self.created_at,
        ))
        self.counts["enterprises"] += 1
        return draft

    def _unique(self, make: Callable[[], str]) -> str:
        name = make()
        if not self.scale.unique_names:
            return name
        for _ in range(20):
            if name not in self.names:
                break
            name = make()
        self.names.add(name)
        return name

    # --- which enterprises hold certificates -----------------------------------

    def wants_certificates(self, draft: Draft, *, remaining_enterprises: int) -> bool:
        """Pick holders so that the scale's target is met on average, favouring
        large manufacturers and builders as the real registry does."""
        weight = (SECTION_CERT_AFFINITY.get(draft.industry.section, 0.5)
                  * SIZE_CERT_AFFINITY[draft.size]) ** self._tempering
        seen = self._weights_seen
        seen[0] += weight
        seen[1] += 1
        need = self.scale.holders - self.counts["holders"]
        if need <= 0 or remaining_enterprises <= 0:
            return False
        if draft.gone_on is not None and draft.gone_on - 60 < START:
            return False
        probability = need / remaining_enterprises * weight / (seen[0] / seen[1])
        return self.rng.random() < probability

    def certify(self, draft: Draft, *, schemes: list[str] | None = None) -> None:
        """Give a holder its certificates and their histories."""
        rng = self.rng
        factor = SIZE_CERT_COUNT[draft.size]
        seen = self._count_factor_seen
        seen[0] += factor
        seen[1] += 1
        if schemes is None:
            holders_left = max(1, self.scale.holders - self.counts["holders"])
            certs_left = max(0, self.scale.certificates - self.counts["certificates"])
            extra = max(0.0, certs_left / holders_left - 1) * factor / (seen[0] / seen[1])
            schemes = self._draw_schemes(draft.industry, 1 + _poisson(rng, extra))
        self.counts["holders"] += 1
        previous: tuple[int, BodyPlan] | None = None
        valid_categories: set[str] = set()
        for code in schemes:
            issued = self._first_issue(code, draft, previous[0] if previous else None)
            if issued is None:
                continue
            prefer = previous[1] if previous and rng.random() < 0.6 else None
            body = self.picker.pick(rng, code, issued, prefer)
            if body is None:
                continue
            life = self._life(code, body, draft, issued)
            self.add_certificate(draft, code, body, life, first_issue=issued)
            if life.status == lc.VALID:
                valid_categories.add(self.schemes[code].category)
            previous = (issued, body)
        # The demo enterprise account: a sizeable active holder with a valid
        # certificate if there is one, else any active holder with one.
        if valid_categories and draft.legal_status == ACTIVE:
            if self.showcase_enterprise_id is None and draft.size in ("large", "medium"):
                self.showcase_enterprise_id = draft.id
            if self.fallback_enterprise_id is None:
                self.fallback_enterprise_id = draft.id

    def _draw_schemes(self, industry: Industry, count: int) -> list[str]:
        options = list(self._profiles[industry.profile])
        chosen: list[str] = []
        while options and len(chosen) < count:
            total = sum(weight for _, weight in options)
            roll = self.rng.random() * total
            index = len(options) - 1
            for i, (_, weight) in enumerate(options):
                roll -= weight
                if roll < 0:
                    index = i
                    break
            code = options[index][0]
            chosen.append(code)
            if code not in REPEATABLE:
                del options[index]
        return chosen

    def _first_issue(self, code: str, draft: Draft, together_with: int | None) -> int | None:
        since = SCHEME_SINCE.get(code)
        lo = max(START, since.toordinal() if since else START)
        hi = self.today - 1
        if draft.gone_on is not None:
            hi = min(hi, draft.gone_on - 30)
        if lo > hi:
            return None
        # Systems are often certified together, in one integrated audit.
        if together_with is not None and lo <= together_with <= hi and self.rng.random() < 0.45:
            return together_with
        # Skewed towards recent years: certification has grown every year.
        return lo + int((hi - lo) * self.rng.random() ** 0.8)

    def _life(self, code: str, body: BodyPlan, draft: Draft, issued: int) -> lc.Life:
        scheme = self.schemes[code]
        stop = None
        if draft.gone_on is not None and draft.legal_status in GONE:
            kind, reason = GONE[draft.legal_status]
            stop = lc.Stop(draft.gone_on, kind, reason)
        if body.lapsed and (stop is None or body.valid_until + 1 < stop.on):
            stop = lc.Stop(body.valid_until + 1, lc.CANCEL, lc.R_BODY_LAPSED)
        return lc.simulate(self.rng, first_issue=issued, validity_years=scheme.validity_years,
                           audited=scheme.audited, today=self.today, signers=body.signers,
                           stop=stop, renew_ok=lambda day: body.covers(code, day),
                           full_history=self.scale.full_history)

    # --- rows ------------------------------------------------------------------

    def add_certificate(self, draft: Draft, code: str, body: BodyPlan, life: lc.Life, *,
                        first_issue: int) -> int:
        rng, scheme = self.rng, self.schemes[code]
        number = body.fmt.make(serial=body.next_serial(),
                               year=dt.date.fromordinal(first_issue).year, scheme=code,
                               size_letter={"large": "L", "medium": "M"}.get(draft.size, "S"))
        rand = rng.random
        model = _MODEL_LETTERS[int(rand() * 22)] + _MODEL_LETTERS[int(rand() * 22)]
        sites = draft.place.sites_json
        if rand() < 0.1:
            sites = json.dumps([draft.place.address, self.place_for(rng).address],
                               ensure_ascii=False)
        cert_id = self.next_certificate
        self.next_certificate += 1
        iso, stamps, stamp = self.iso_date, self._stamps, self.stamp
        codes = lc.REASON_CODES
        self.rows.certificates.append((
            cert_id, number, body.id, draft.id, scheme.id,
            scope(rng, code, draft.industry, model), sites,
            iso(life.issued_on), iso(life.expires_on), life.status,
            iso(life.status_changed_on), life.status_reason, None, life.status_signer,
            iso(life.last_surveillance_on) if life.last_surveillance_on else None,
            stamp(life.events[-1][1]), codes.get(life.status_reason, ""),
        ))
        append = self.rows.events.append
        event_id = self.next_event
        for kind, on, reason, signer, before, after, details in life.events:
            # recorded_at: the event's day at 10:00 (stamp() fills the cache).
            recorded = stamps.get(on * 24 + 10) or stamp(on)
            append((event_id, cert_id, kind, iso(on), recorded, None, signer, reason,
                    before, after, details, codes.get(reason, "")))
            event_id += 1
        self.next_event = event_id
        counts = self.counts
        counts["certificates"] += 1
        counts["events"] += len(life.events)
        return cert_id

    def take_rows(self) -> Rows:
        rows, self.rows = self.rows, Rows()
        return rows


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:  # never at these sizes; a normal approximation would do
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k
