"""The public certificate lookup, `GET /api/v1/certificates/{number}`: a plain
Django view (decision 0006).

The request a procurement system sends on every page view and every scanned
QR code lands on. What it does, in order:

1. who is asking: anonymous, or a bearer token (`api.auth.public_auth`; a
   wrong, revoked or disabled token is a 401), and the rate limit of that
   caller (`api.auth.enforce_rate_limit`: 429 with `Retry-After`), on every
   request, cached answer or not;
2. the answer for the normalised number (and `?body=`), from Django's cache
   (alias `lookup`) or else from the lookup's one query
   (`queries.lookup_rows`): 404, 409 with the candidates, or the certificate
   with its signed verification link (`signed_links.link_for`);
3. for a certificate, `ETag`/`Last-Modified` and the 304/412 of a conditional
   request by Django's `condition` decorator, and `Cache-Control` by
   `cache_control`.

**The cache.** Answers are keyed by the normalised number, the body if one
was given, and today's date (the live status turns `expired` at midnight).
Each entry carries the *generation* it was computed in, and is used only
while that is still the current generation. Any change to what an answer
shows (a certificate, its holder, body or scheme, its stored signed link, a
signing key, an import batch, which writes rows in bulk without model
signals) moves the generation on: at once, and again when the transaction
commits (`transaction.on_commit`), so a lookup during the transaction cannot
store the old answer under the generation that follows it. The generation
lives where every process serving lookups sees it: in the lookup cache when
that is shared (Redis, `QC_REDIS_URL`), else in a small file under
`QC_VAR_DIR` that grows by a byte per change and that every worker of this
host checks with one `stat()` per lookup.
So a suspension in the back office, an import from the command line or a
cron job's `sign-links` is seen by the next lookup in every worker.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_GET
from ninja.errors import HttpError

from qualitycert.api.auth import ANONYMOUS, enforce_rate_limit, public_auth
from qualitycert.api.schemas import error_response

from . import qr, queries, signed_links
from .lookup_cache import CACHE_ALIAS, cache_key, generations
from .queries import PublicCertificate

MAX_AGE = 60  # seconds a browser or proxy may reuse a certificate answer
# Answers are cached by number, body and day, not by language: these two details
# are in Chinese, the site's language, whatever the request's Accept-Language.
NOT_FOUND = "未找到该证书"
AMBIGUOUS = "多个认证机构有此编号，请用 ?body= 指定"


# --- the answer -----------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What the lookup answers for one number: a status, the JSON body, and
    for a certificate its validators (ETag, Last-Modified as a timestamp)."""

    status: int
    content: bytes
    etag: str | None = None
    last_modified: int | None = None

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, status=self.status, content_type="application/json")


def validators(cert: PublicCertificate, today: dt.date, link: signed_links.Link
               ) -> tuple[str, int]:
    """(ETag, Last-Modified as a timestamp). The body is the certificate's data
    (the live status depends on today) and a link whose token is fixed by the
    claims, the key and its date, Ed25519 signatures being deterministic; so
    these fix the bytes exactly."""
    modified = cert.last_modified
    etag = (f'"{cert.pk}-{modified.timestamp():.6f}-{link.kid}-{link.issued_on.isoformat()}-'
            f'{today.isoformat()}"')
    return etag, int(modified.timestamp())


def certificate_json(cert: PublicCertificate, today: dt.date, token: str) -> str:
    payload = {
        "number": cert.number,
        "status": cert.live_status(today),
        "holder": {"uscc": cert.holder_uscc, "name": cert.holder_name},
        "body": {"approval_number": cert.body_approval_number, "name": cert.body_name},
        "scheme": cert.scheme_json(),
        "issued_on": cert.issued_on.isoformat(),
        "expires_on": cert.expires_on.isoformat(),
        "last_surveillance_on": (cert.last_surveillance_on.isoformat()
                                 if cert.last_surveillance_on else None),
        "verification_url": qr.verification_url(token),
        "log_leaf_index": cert.log_leaf_index,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def compute_answer(number_key: str, body_key: str | None, today: dt.date) -> Answer:
    """The answer from the database (no cache)."""
    found = [PublicCertificate.from_row(row)
             for row in queries.lookup_rows(number_key, body_key, limit=queries.SEARCH_CAP)]
    if not found:
        return Answer(404, error_response(404, NOT_FOUND).content)
    if len(found) > 1:
        return Answer(409, error_response(409, AMBIGUOUS, candidates=[
            {"approval_number": c.body_approval_number, "name": c.body_name}
            for c in found]).content)
    cert = found[0]
    link = signed_links.link_for(cert, today)
    etag, last_modified = validators(cert, today, link)
    return Answer(200, certificate_json(cert, today, link.token).encode("utf-8"),
                  etag, last_modified)


def answer_for(number: str, body: str | None) -> Answer:
    """The answer for what was typed, from the cache when it is current."""
    keys = queries.lookup_keys(number, body)
    if keys is None:
        return Answer(404, error_response(404, NOT_FOUND).content)
    today = queries.today()
    seconds = settings.QC_LOOKUP_CACHE_SECONDS
    if seconds <= 0:
        return compute_answer(*keys, today)
    key = cache_key(*keys, today)
    generation, entry = generations.read_with(key)
    if entry is not None and entry[0] == generation:
        return Answer(*entry[1])
    answer = compute_answer(*keys, today)
    caches[CACHE_ALIAS].set(key, (generation, (answer.status, answer.content, answer.etag,
                                               answer.last_modified)), seconds)
    return answer


# --- the view -------------------------------------------------------------------------


def _caller_refused(request: HttpRequest) -> HttpResponse | None:
    """Who is asking (anonymous or a token) and whether they may ask now."""
    if "HTTP_AUTHORIZATION" not in request.META:
        # Most lookups: no header to parse (request.headers is built from every
        # META key on first use, which cost more than the rest of this check).
        client = ANONYMOUS
    else:
        try:
            client = public_auth(request)
        except HttpError as exc:
            return error_response(exc.status_code, str(exc))
    request.auth = client  # type: ignore[attr-defined]  # as django-ninja sets it
    return enforce_rate_limit(request)


def _etag(request: HttpRequest, answer: Answer) -> str | None:
    return answer.etag


def _last_modified(request: HttpRequest, answer: Answer) -> dt.datetime | None:
    if answer.last_modified is None:
        return None
    return dt.datetime.fromtimestamp(answer.last_modified, dt.UTC)


@cache_control(public=True, max_age=MAX_AGE)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def _certificate(request: HttpRequest, answer: Answer) -> HttpResponse:
    return answer.response()


# CSRF protects what a session may do; this view has no session and only
# answers GET, so a POST gets its 405 rather than the CSRF failure page.
@csrf_exempt
@require_GET
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    """A certificate by its number. Numbers are unique only within a body: if
    several bodies have issued the number, the answer is 409 with the
    candidates' approval numbers, and `?body=CNCA-R-…` chooses."""
    refused = _caller_refused(request)
    if refused is not None:
        return refused
    answer = answer_for(number, request.GET.get("body"))
    if answer.status != 200:
        # Not publicly cacheable: a number not found now may be imported in a minute.
        return answer.response()
    return _certificate(request, answer)
