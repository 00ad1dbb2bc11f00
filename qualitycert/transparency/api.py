"""Public JSON API of the transparency log (mounted at /api/v1/log/).

Checkpoints as C2SP signed notes, and RFC 9162 inclusion and consistency
proofs with hashes in base64, so that anyone holding a checkpoint can check a
leaf or a later tree without trusting the bureau's database.
docs/transparency-log.md describes the leaves and how to check a proof.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from qualitycert.api.schemas import ErrorOut
from qualitycert.audit import log
from qualitycert.audit.models import LeafKind, LogLeaf

from . import checkpoints
from .models import Checkpoint

router = Router(tags=["log"])

MAX_LIST = 1000


class CheckpointOut(Schema):
    tree_size: int
    root_hash: str = Field(description="base64 of the RFC 9162 root")
    signed_at: dt.datetime
    kid: str = Field(description="the signing key's id in /.well-known/qualitycert-keys.json")
    note: str = Field(description="the C2SP signed-note checkpoint text")


class CheckpointListOut(Schema):
    origin: str
    verifier_keys: list[str]
    checkpoints: list[CheckpointOut]


class InclusionOut(Schema):
    leaf_index: int
    tree_size: int
    leaf_hash: str
    leaf_kind: str = Field(description="certificate or audit")
    leaf_data: str | None = Field(description=(
        "the leaf's canonical bytes (UTF-8 JSON) for a certificate leaf; null for an audit "
        "leaf, whose contents are internal (a holder of the entry checks it against "
        "leaf_hash)"))
    inclusion_path: list[str]
    root_hash: str


class ConsistencyOut(Schema):
    from_size: int = Field(alias="from")
    to_size: int = Field(alias="to")
    consistency_path: list[str]
    from_root: str
    to_root: str


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _checkpoint_json(row: Checkpoint) -> dict[str, Any]:
    return {"tree_size": row.tree_size, "root_hash": row.root_base64, "signed_at": row.signed_at,
            "kid": row.kid, "note": row.note}


@router.get("/checkpoints", response=CheckpointListOut, url_name="log-checkpoints",
            summary="Published checkpoints, newest first")
def list_checkpoints(request: HttpRequest, limit: int = Query(100, ge=1, le=MAX_LIST)) -> Any:
    rows = Checkpoint.objects.order_by("-tree_size", "-id")[:limit]
    return {"origin": checkpoints.origin(), "verifier_keys": checkpoints.verifier_keys(),
            "checkpoints": [_checkpoint_json(row) for row in rows]}


@router.get("/checkpoints/latest", url_name="log-checkpoint-latest",
            response={200: None, 404: ErrorOut},
            # The note is text, not JSON: say so, or clients expect a JSON string.
            openapi_extra={"responses": {200: {"content": {
                "text/plain": {"schema": {"type": "string"}}}}}},
            summary="The latest checkpoint (text/plain, C2SP signed note)")
def latest_checkpoint(request: HttpRequest) -> Any:
    row = checkpoints.latest()
    if row is None:
        return JsonResponse({"detail": _("尚未签署检查点")},
                            status=404, json_dumps_params={"ensure_ascii": False})
    response = HttpResponse(row.note, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    return response


def _public_data(stored: LogLeaf) -> str | None:
    """A certificate leaf is the public register's own record; an audit leaf
    holds internal detail (a user's roles before and after a change, an
    import's file name), so only its hash is published."""
    return stored.data if stored.kind == LeafKind.CERTIFICATE else None


def _size(size: int | None) -> int:
    current = log.tree_size()
    if size is None:
        latest = checkpoints.latest()
        if latest is None:
            raise HttpError(400, _("尚未签署检查点，请给出 size"))
        return latest.tree_size
    if size > current:
        raise HttpError(400, _("日志只有%(n)s个叶") % {"n": current})
    return size


@router.get("/proof/inclusion", response={200: InclusionOut, 400: ErrorOut},
            url_name="log-proof-inclusion", summary="RFC 9162 inclusion proof")
def inclusion(request: HttpRequest, leaf: int = Query(..., ge=0),
              size: int | None = Query(None, ge=1, description="tree size; the latest "
                                                            "checkpoint's if omitted")) -> Any:
    tree_size = _size(size)
    if leaf >= tree_size:
        raise HttpError(400, _("叶%(leaf)s不在%(size)s个叶的树中") % {
            "leaf": leaf, "size": tree_size})
    stored = log.leaf(leaf)
    try:
        if stored is None:
            raise LookupError(leaf)
        path, root, leaf_hash = log.inclusion_with_root(leaf, tree_size)
    except LookupError as exc:
        raise HttpError(503, _("日志不完整，请运行 audit-verify")) from exc
    return {"leaf_index": leaf, "tree_size": tree_size, "leaf_hash": _b64(leaf_hash),
            "leaf_kind": stored.kind, "leaf_data": _public_data(stored),
            "inclusion_path": [_b64(h) for h in path],
            "root_hash": _b64(root)}


@router.get("/proof/consistency", response={200: ConsistencyOut, 400: ErrorOut},
            url_name="log-proof-consistency", by_alias=True,
            summary="RFC 9162 consistency proof")
def consistency(request: HttpRequest, from_size: int = Query(..., ge=1, alias="from"),
                to_size: int | None = Query(None, ge=1, alias="to")) -> Any:
    to = _size(to_size)
    if from_size > to:
        raise HttpError(400, _("from（%(from)s）不能大于 to（%(to)s）") % {"from": from_size, "to": to})
    try:
        path, old_root, new_root = log.consistency_with_roots(from_size, to)
    except LookupError as exc:
        raise HttpError(503, _("日志不完整，请运行 audit-verify")) from exc
    return {"from": from_size, "to": to, "consistency_path": [_b64(h) for h in path],
            "from_root": _b64(old_root), "to_root": _b64(new_root)}
