"""The public reads: one certificate, a search, an enterprise's profile, and how
complete the registry is. Nothing here returns more than a bounded handful of
rows: the public may check what they hold, not download the registry."""

from __future__ import annotations

import datetime as dt
import functools
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from qualitycert.audit.models import LeafKind, LogLeaf
from qualitycert.lib import uscc as uscc_lib
from qualitycert.lib.normalize import name_search_key, normalize_identifier
from qualitycert.registry.models import (
    Certificate,
    CertificateStatus,
    CertificationBody,
    Enterprise,
    Scheme,
)

from .models import SignedLink

if TYPE_CHECKING:
    from .suggest import Suggestion

# Anonymous searches never list more than this many enterprises or
# certificates, and there is no next page.
SEARCH_CAP = 20
# Below this many characters a name fragment matches too much to be a search.
MIN_NAME_KEY_LENGTH = 2
COVERAGE_CACHE_SECONDS = 600


class _Today:
    """timezone.localdate(), worked out again only when the clock leaves the
    day it last found (the public lookup asks on every request, and the
    conversion cost more than the rest of its date handling)."""

    def __init__(self) -> None:
        self.day = dt.date.min
        self.zone: dt.tzinfo | None = None
        self.starts = self.ends = 0.0

    def __call__(self) -> dt.date:
        now = time.time()
        zone = timezone.get_current_timezone()
        if self.starts <= now < self.ends and zone is self.zone:
            return self.day
        day = timezone.localdate(timezone.now(), zone)
        self.starts = dt.datetime.combine(day, dt.time(), tzinfo=zone).timestamp()
        self.ends = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(),
                                        tzinfo=zone).timestamp()
        self.day, self.zone = day, zone
        return day


today = _Today()


def live_status(status: str, expires_on: dt.date, on: dt.date) -> str:
    """What the public is told: a certificate past its end date is expired even
    if tonight's expiry job has not yet recorded it."""
    if status in (CertificateStatus.VALID, CertificateStatus.SUSPENDED) and expires_on < on:
        return CertificateStatus.EXPIRED.value
    return str(status)


# --- one certificate, the API's hot path ------------------------------------------

PUBLIC_FIELDS = (
    "pk", "number", "status", "issued_on", "expires_on", "last_surveillance_on", "updated_at",
    "body__approval_number", "body__name", "holder__uscc", "holder__name",
    "holder__updated_at", "scheme__code", "scheme__category", "scheme__name",
    "scheme__standard", "signed_link__kid", "signed_link__issued_on", "signed_link__digest",
    "signed_link__signature",
)


@dataclass(frozen=True)
class PublicCertificate:
    """A certificate as the public sees it, read with one query and no model
    instances (this is the lookup served at 32 concurrent connections)."""

    pk: int
    number: str
    status: str
    issued_on: dt.date
    expires_on: dt.date
    last_surveillance_on: dt.date | None
    updated_at: dt.datetime
    body_approval_number: str
    body_name: str
    holder_uscc: str
    holder_name: str
    holder_updated_at: dt.datetime
    scheme_code: str
    scheme_category: str
    scheme_name: str
    scheme_standard: str
    # The link signed ahead of time (models.SignedLink), if there is one.
    link_kid: str | None = None
    link_issued_on: dt.date | None = None
    link_digest: str | None = None
    link_signature: str | None = None
    # The transparency-log leaf of its latest state (registry/leaves.py).
    log_leaf_index: int | None = None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> PublicCertificate:
        """From `values_list(*PUBLIC_FIELDS)`: the fields are in the same order."""
        return cls(*row)

    @classmethod
    def from_model(cls, cert: Certificate) -> PublicCertificate:
        """For pages that hold the model as `certificate_for_page` loads it
        (body, holder, scheme and the stored link joined in, so reading the
        link here costs no query)."""
        try:
            link: SignedLink | None = cert.signed_link
        except SignedLink.DoesNotExist:
            link = None
        return cls(
            pk=cert.pk, number=cert.number, status=cert.status, issued_on=cert.issued_on,
            expires_on=cert.expires_on, last_surveillance_on=cert.last_surveillance_on,
            updated_at=cert.updated_at, body_approval_number=cert.body.approval_number,
            body_name=cert.body.name, holder_uscc=cert.holder.uscc,
            holder_name=cert.holder.name, holder_updated_at=cert.holder.updated_at,
            scheme_code=cert.scheme.code, scheme_category=cert.scheme.category,
            scheme_name=cert.scheme.name, scheme_standard=cert.scheme.standard,
            link_kid=link.kid if link else None,
            link_issued_on=link.issued_on if link else None,
            link_digest=link.digest if link else None,
            link_signature=link.signature if link else None)

    @property
    def last_modified(self) -> dt.datetime:
        return max(self.updated_at, self.holder_updated_at)

    def live_status(self, on: dt.date) -> str:
        return live_status(self.status, self.expires_on, on)

    def scheme_json(self) -> dict[str, str]:
        return {"code": self.scheme_code, "category": self.scheme_category,
                "name": self.scheme_name, "standard": self.scheme_standard}


def public_certificates(number: str, body_approval_number: str | None = None,
                        *, limit: int = SEARCH_CAP) -> list[PublicCertificate]:
    """Certificates with this number (unique per body, not globally)."""
    keys = lookup_keys(number, body_approval_number)
    if keys is None:
        return []
    return [PublicCertificate.from_row(row) for row in lookup_rows(*keys, limit=limit)]


def lookup_keys(number: str, body_approval_number: str | None) -> tuple[str, str | None] | None:
    """What a lookup searches by: the normalised number and, when a body was
    given, its normalised approval number; None when the number is empty."""
    key = normalize_identifier(number)
    if not key:
        return None
    return key, normalize_identifier(body_approval_number) if body_approval_number else None


# The public lookup's one query. Written out rather than built by the ORM on
# every call: compiling the queryset (three joins, a LEFT JOIN and a subquery)
# cost more CPU than the database spent answering it (decision 0006). Its
# columns are PUBLIC_FIELDS in order, then the index of the certificate's
# latest transparency-log leaf (qualitycert.registry.leaves appends one per
# change). It uses the unique index (body_id, number) and the leaf index
# (kind, ref, index); `test_lookup_query.py` checks it against the ORM's
# `public_rows` on both databases. Table names come from the models, so a
# renamed table cannot leave it behind.
LOOKUP_SQL = """
SELECT c.id, c.number, c.status, c.issued_on, c.expires_on, c.last_surveillance_on,
       c.updated_at, b.approval_number, b.name, h.uscc, h.name, h.updated_at,
       s.code, s.category, s.name, s.standard,
       l.kid, l.issued_on, l.digest, l.signature,
       (SELECT f.{leaf_index} FROM {leaf} f
        WHERE f.kind = %s AND f.ref = c.id ORDER BY f.{leaf_index} DESC LIMIT 1)
FROM {certificate} c
JOIN {body} b ON b.id = c.body_id
JOIN {holder} h ON h.id = c.holder_id
JOIN {scheme} s ON s.id = c.scheme_id
LEFT JOIN {link} l ON l.certificate_id = c.id
WHERE c.number = %s{body_filter}
ORDER BY b.approval_number
LIMIT %s
"""


@functools.cache
def _lookup_sql(vendor: str, with_body: bool) -> str:
    """LOOKUP_SQL for this database, formatted once per process."""
    quote = connection.ops.quote_name
    return LOOKUP_SQL.format(
        leaf=quote(LogLeaf._meta.db_table), leaf_index=quote("index"),
        certificate=quote(Certificate._meta.db_table),
        body=quote(CertificationBody._meta.db_table), holder=quote(Enterprise._meta.db_table),
        scheme=quote(Scheme._meta.db_table), link=quote(SignedLink._meta.db_table),
        body_filter=" AND b.approval_number = %s" if with_body else "")


def lookup_rows(number_key: str, body_key: str | None, *, limit: int = SEARCH_CAP
                ) -> list[tuple[Any, ...]]:
    """The rows of the public lookup (LOOKUP_SQL) for a normalised number and,
    if given, a normalised body approval number: PUBLIC_FIELDS then
    log_leaf_index, datetimes aware (SQLite hands them back naive, in UTC)."""
    params: list[Any] = [LeafKind.CERTIFICATE.value, number_key]
    if body_key is not None:
        params.append(body_key)
    params.append(limit)
    db = _lookup_connection()
    with db.cursor() as cursor:
        cursor.execute(_lookup_sql(db.vendor, body_key is not None), params)
        rows = cursor.fetchall()
    return [_aware(row) for row in rows]


# The database alias of a connection for the lookup alone, where the settings
# have one (settings_public on PostgreSQL: server-side binding, prepared
# statements). Inside a transaction on the default connection the lookup stays
# on it, so that it sees what that transaction wrote.
LOOKUP_DATABASE = "lookup"


def _lookup_connection() -> Any:
    if LOOKUP_DATABASE in settings.DATABASES and not connection.in_atomic_block:
        return connections[LOOKUP_DATABASE]
    return connection


UPDATED_AT_COLUMNS = (PUBLIC_FIELDS.index("updated_at"), PUBLIC_FIELDS.index("holder__updated_at"))


def _aware(row: tuple[Any, ...]) -> tuple[Any, ...]:
    if all(timezone.is_aware(row[i]) for i in UPDATED_AT_COLUMNS):
        return tuple(row)
    values = list(row)
    for i in UPDATED_AT_COLUMNS:
        value = values[i]
        if isinstance(value, str):  # a backend that does not parse declared types
            value = dt.datetime.fromisoformat(value)
        if timezone.is_naive(value):
            values[i] = timezone.make_aware(value, dt.UTC)
    return tuple(values)


def public_rows(number_key: str, body_key: str | None, *, using: str = "default"
                ) -> QuerySet[Any]:
    """The ORM spelling of LOOKUP_SQL: what the test of the query compares it
    with, and the reference for what each column means."""
    qs = Certificate.objects.using(using).filter(number=number_key).annotate(
        log_leaf_index=Subquery(LogLeaf.objects.using(using).filter(
            kind=LeafKind.CERTIFICATE, ref=OuterRef("pk")).order_by("-index").values("index")[:1]))
    if body_key is not None:
        qs = qs.filter(body__approval_number=body_key)
    return qs.order_by("body__approval_number").values_list(*PUBLIC_FIELDS, "log_leaf_index")


def certificate_for_page(body_approval_number: str, number: str) -> Certificate | None:
    return (Certificate.objects
            .filter(number=normalize_identifier(number),
                    body__approval_number=normalize_identifier(body_approval_number))
            .select_related("body", "holder", "scheme", "signed_link").first())


def status_history(cert: Certificate) -> QuerySet[Any]:
    return cert.events.order_by("occurred_on", "id").only(
        "kind", "occurred_on", "from_status", "to_status", "reason", "reason_code",
        "certificate_id")


# --- search ---------------------------------------------------------------------------


@dataclass
class SearchResult:
    query: str
    key: str
    certificates: list[Certificate] = field(default_factory=list)
    enterprises: list[Enterprise] = field(default_factory=list)
    truncated: bool = False
    too_short: bool = False
    # "您要找的是不是…": close registered names when the name search found none.
    suggestions: list[Suggestion] = field(default_factory=list)
    # The query is a well-formed USCC (check digits right), found or not.
    is_uscc: bool = False

    @property
    def found(self) -> bool:
        return bool(self.certificates or self.enterprises)

    @property
    def single_certificate(self) -> Certificate | None:
        if len(self.certificates) == 1 and not self.enterprises:
            return self.certificates[0]
        return None

    @property
    def single_enterprise_by_uscc(self) -> Enterprise | None:
        """The company a USCC names: the search goes straight to its page."""
        if self.is_uscc and len(self.enterprises) == 1 and not self.certificates:
            return self.enterprises[0]
        return None


def prefix_filter(field_name: str, prefix: str) -> Q:
    """`field LIKE 'prefix%'` that can use the plain b-tree index: SQLite's LIKE
    is case-insensitive and cannot, so there we ask for the range instead
    (keys are casefolded already, so the range is exact)."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field_name}__gte": prefix, f"{field_name}__lt": prefix + "\U0010ffff"})
    return Q(**{f"{field_name}__startswith": prefix})


def enterprises_by_name(text: str, *, cap: int = SEARCH_CAP) -> tuple[list[Enterprise], bool]:
    """Enterprises whose name contains what was typed: names starting with it
    first (indexed), then containing it. At most `cap`; the flag says more exist."""
    key = name_search_key(text)
    if len(key) < MIN_NAME_KEY_LENGTH:
        return [], False
    found = list(with_certificate_counts(Enterprise.objects.filter(prefix_filter("name_key", key)))
                 .order_by("name_key", "pk")[: cap + 1])
    if len(found) <= cap:
        seen = [e.pk for e in found]
        found += list(with_certificate_counts(
            Enterprise.objects.filter(name_key__contains=key).exclude(pk__in=seen))
            .order_by("name_key", "pk")[: cap + 1 - len(found)])
    return found[:cap], len(found) > cap


def with_certificate_counts(enterprises: QuerySet[Enterprise], on: dt.date | None = None
                            ) -> QuerySet[Enterprise]:
    """Each enterprise with `valid_certificates`: how many of its certificates
    are valid today (recorded valid and not past their end date), counted in
    the same query as the enterprises."""
    on = on or today()
    return enterprises.annotate(valid_certificates=Count(
        "certificates", filter=Q(certificates__status=CertificateStatus.VALID,
                                 certificates__expires_on__gte=on)))


def search(text: str) -> SearchResult:
    """One box for a certificate number, a USCC or part of a company name."""
    text = (text or "").strip()[:200]
    key = normalize_identifier(text)
    result = SearchResult(query=text, key=key)
    if not key:
        return result
    result.certificates = list(
        Certificate.objects.filter(number=key).select_related("body", "holder", "scheme")
        .order_by("body__approval_number")[:SEARCH_CAP])
    if len(key) == 18 and set(uscc_lib.ALPHABET).issuperset(key):
        result.is_uscc = uscc_lib.is_valid(key)
        result.enterprises = list(with_certificate_counts(Enterprise.objects.filter(uscc=key))[:1])
    if not result.enterprises and not result.certificates and not _looks_like_a_code(key):
        result.enterprises, result.truncated = enterprises_by_name(text)
        result.too_short = len(name_search_key(text)) < MIN_NAME_KEY_LENGTH
        if not result.enterprises and not result.too_short:
            # suggest builds on names, which builds on this module.
            from .suggest import suggestions

            result.suggestions = suggestions(text)
    return result


_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/._")


def _looks_like_a_code(key: str) -> bool:
    """ASCII with a digit: a certificate number or USCC that was not found,
    not a company name, so it does not cost a substring scan of enterprises."""
    return any(c.isdigit() for c in key) and _CODE_CHARS.issuperset(key)


# --- enterprises ----------------------------------------------------------------------


def enterprise_by_uscc(raw: str) -> Enterprise | None:
    key = normalize_identifier(raw)
    if len(key) != 18:
        return None
    return Enterprise.objects.filter(uscc=key).first()


STATUS_ORDER = {s: i for i, s in enumerate(
    ["valid", "suspended", "expired", "withdrawn", "cancelled"])}
# An enterprise's own certificates are few; this only guards a pathological row.
MAX_CERTIFICATES_PER_PROFILE = 500


def certificates_of(enterprise: Enterprise, on: dt.date | None = None
                    ) -> list[tuple[Certificate, str]]:
    """The holder's certificates with their live status, valid ones first."""
    on = on or today()
    certs = (Certificate.objects.filter(holder=enterprise)
             .select_related("body", "scheme").order_by("-expires_on", "pk")
             [:MAX_CERTIFICATES_PER_PROFILE])
    pairs = [(c, live_status(c.status, c.expires_on, on)) for c in certs]
    pairs.sort(key=lambda pair: STATUS_ORDER.get(pair[1], 9))
    return pairs


def status_counts(pairs: list[tuple[Certificate, str]]) -> dict[str, int]:
    counts = dict.fromkeys(CertificateStatus.values, 0)
    for _cert, status in pairs:
        counts[status] += 1
    return counts


# --- coverage and freshness -----------------------------------------------------------


@dataclass(frozen=True)
class BodyCoverage:
    approval_number: str
    name: str
    status: str
    certificates: int
    last_reported_on: dt.date | None
    days_since_report: int | None

    @property
    def stale(self) -> bool:
        return self.days_since_report is None or self.days_since_report > 30


def body_coverage(on: dt.date | None = None) -> list[BodyCoverage]:
    """Which bodies have reported data and how recently, so "not found" can be
    read as "not loaded yet" or "forged". Counting is a scan of the certificate
    table, so the figures are cached for ten minutes."""
    on = on or today()
    cache_key = f"qc-verification-coverage:{on.isoformat()}"
    cached = cache.get(cache_key)
    if cached is not None:
        return list(cached)
    counts = dict(Certificate.objects.order_by().values("body_id").annotate(n=Count("id"))
                  .values_list("body_id", "n"))
    rows = []
    for body in CertificationBody.objects.order_by("approval_number").only(
            "approval_number", "name", "status", "last_reported_on"):
        days = (on - body.last_reported_on).days if body.last_reported_on else None
        rows.append(BodyCoverage(body.approval_number, body.name, body.status,
                                 counts.get(body.pk, 0), body.last_reported_on, days))
    cache.set(cache_key, rows, COVERAGE_CACHE_SECONDS)
    return rows
