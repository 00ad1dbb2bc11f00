"""The public batch check: a procurement system sends its supplier list and
gets a verdict per item (the browser page in views.py does the same for a file)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router

from qualitycert.api.auth import enforce_rate_limit, public_auth
from qualitycert.api.schemas import ErrorOut, error_response
from qualitycert.verification import queries

from . import batch
from .schemas import VerifyIn, VerifyOut

router = Router(tags=["public"], auth=public_auth)

LIMITED = {401: ErrorOut, 429: ErrorOut}


def _declaration_json(result: batch.ItemResult) -> dict[str, Any] | None:
    d = result.declaration
    if d is None:
        return None
    return {"number": d.number, "status": d.status,
            "enterprise": {"uscc": d.enterprise.uscc, "name": d.enterprise.name},
            "category": {"code": d.category.code, "name": d.category.name},
            "product": d.product, "declared_on": d.declared_on.isoformat(),
            "ended_on": d.ended_on.isoformat() if d.ended_on else None,
            "url": reverse("catalog:declaration", args=[d.number])}


def _result_json(result: batch.ItemResult, on: Any) -> dict[str, Any]:
    cert = result.certificate
    match = result.name_match
    return {
        "index": result.index,
        "verdict": result.verdict,
        "kind": result.kind,
        "scheme_covered": result.scheme_covered,
        "self_declaration": _declaration_json(result),
        "certificate": None if cert is None else {
            "number": cert.number,
            "body": {"approval_number": cert.body_approval_number, "name": cert.body_name},
            "holder": {"uscc": cert.holder_uscc, "name": cert.holder_name},
            "scheme": cert.scheme_json(),
            "status": cert.live_status(on),
            "expires_on": cert.expires_on.isoformat(),
        },
        "match": None if match is None else {"uscc": match.uscc, "name": match.name,
                                             "score": match.score},
        "candidates": result.candidates,
        "note": result.note,
        "holder_dishonest": result.holder_dishonest,
    }


@router.post("/verify", url_name="verify",
             response={200: VerifyOut, 422: ErrorOut, **LIMITED},
             summary="Check a supplier list (up to 1,000 items)")
def verify(request: HttpRequest, payload: VerifyIn) -> Any:
    """Per item a verdict (`valid`, `suspended`, `withdrawn`, `cancelled`,
    `expired`, `not_found`, `holder_mismatch`, `ambiguous` when the number
    is registered by several bodies and no `body` is given: `candidates` then
    lists their approval numbers, and `no_certificate` when the enterprise is
    registered but no certificate of it answers the item), whether `required_scheme` is
    covered by a valid certificate, and for name-only items the best-matching
    registered enterprise with its score. A `certificate_number` that no
    certificate carries is looked up as a self-declaration number (自我声明):
    then `kind` is `self_declaration`, the verdict is `valid`, `cancelled`
    (withdrawn by the enterprise, 注销) or `withdrawn` (revoked by the bureau,
    撤销), and a valid declaration covers a `required_scheme` of CCC. A batch
    counts against the rate limit as 1 + items/100 lookups."""
    items = payload.items
    limited = enforce_rate_limit(request, cost=1 + min(len(items), batch.MAX_ITEMS) // 100)
    if limited is not None:
        return limited
    if len(items) > batch.MAX_ITEMS:
        return error_response(422, _("每次最多核验 %(max)s 条，收到 %(got)s 条") % {
            "max": f"{batch.MAX_ITEMS:,}", "got": f"{len(items):,}"})
    converted = [batch.BatchItem(
        certificate_number=i.certificate_number or "", holder_uscc=i.holder_uscc or "",
        holder_name=i.holder_name or "", required_scheme=i.required_scheme or "",
        body=i.body or "") for i in items]
    empty = [n for n, item in enumerate(converted) if item.is_empty]
    if empty:
        shown = ", ".join(str(n) for n in empty[:20])
        return error_response(422, _("以下条目缺少证书编号、统一社会信用代码或企业名称：%(items)s") % {
            "items": shown})
    on = queries.today()
    results = batch.verify_batch(converted, on=on)
    return JsonResponse({"results": [_result_json(r, on) for r in results]},
                        json_dumps_params={"ensure_ascii": False})
