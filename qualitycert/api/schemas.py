"""What every router of the API shares: the error body and how it is written.
Field names and verdict spellings of each router's schemas are a contract
(DESIGN.md §4): change only by adding."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from ninja import Schema


class ErrorOut(Schema):
    detail: str


def error_response(status: int, detail: str, **extra: Any) -> JsonResponse:
    """A JSON error with the declared `ErrorOut` body (plus any extra fields)."""
    return JsonResponse({"detail": detail, **extra}, status=status,
                        json_dumps_params={"ensure_ascii": False})
