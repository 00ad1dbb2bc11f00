"""What every router of the API shares: the error body and how it is written.
Field names and verdict spellings of each router's schemas are a contract
(DESIGN.md §4): change only by adding."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.http import JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext
from ninja import Schema
from pydantic import BeforeValidator, Field


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description="where: body/query/path, then the field's path")
    msg: str
    type: str = Field(description="a machine-readable code, e.g. missing, string_too_long")


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] | None = Field(
        None, description="for a 422: each field that did not validate")


def error_response(status: int, detail: str | Promise, **extra: Any) -> JsonResponse:
    """A JSON error with the declared `ErrorOut` body (plus any extra fields).
    `detail` may be a lazy translation: it is rendered in the request's language."""
    return JsonResponse({"detail": str(detail), **extra}, status=status,
                        json_dumps_params={"ensure_ascii": False})


# A character that is not blank, as Python's str.strip() sees blanks (the
# views strip what people send). Spelled out as literal characters, not \s:
# JSON Schema patterns are ECMAScript regexes, whose \s differs from
# Python's (U+FEFF is blank there, U+001C-U+001F and U+0085 are not), and
# escapes such as \u000b are not understood by every validator.
NOT_BLANK = ("[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
             "\u205f\u3000]")


def given(field: str) -> dict[str, Any]:
    """The JSON Schema of an object in which `field` is a string holding
    something other than blanks, for "one of these fields" rules."""
    return {"required": [field],
            "properties": {field: {"type": "string", "pattern": NOT_BLANK}}}


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_only(value: Any) -> Any:
    # pydantic alone also takes a Unix time ("0" is 1970-01-01) for a date,
    # which the document's `format: date` (YYYY-MM-DD) does not allow.
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError(gettext("日期应为 YYYY-MM-DD"))
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]
