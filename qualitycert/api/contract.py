"""What the API answers besides each operation's own responses, and the
OpenAPI document saying so.

Some requests are answered before an operation runs: a body that is not
a JSON object (400), a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413), parameters that
do not validate (422), a path that matches no operation (404). `ContractAPI`
answers each with the declared `ErrorOut` JSON and writes it into every
operation of the document it can happen to, so that the document lists
every answer the API gives (issue 12). The public endpoints' bearer token is
optional, and the document says that too. The Django error handlers below
(`not_found`, `bad_request`, `server_error`, set in qualitycert/urls.py)
answer in JSON for /api/ paths, which Django reaches without the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from .auth import OptionalBearer
from .schemas import ErrorOut, error_response

API_PREFIX = "/api/"
UNPARSABLE = gettext_lazy("请求体不是有效的 JSON")
NOT_AN_OBJECT = gettext_lazy("请求体应为 JSON 对象")
UNSTORABLE = gettext_lazy("文本含有 NUL 或无效的 Unicode 字符")
NO_SUCH_PATH = gettext_lazy("没有这个接口或对象")
BAD_REQUEST = gettext_lazy("请求无效")
SERVER_ERROR = gettext_lazy("服务器内部错误，已记录")
MAX_ERRORS_IN_DETAIL = 5


def too_large() -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error_response(413, _("请求体超过 %(limit)s 字节的上限") % {"limit": f"{limit:,}"})


def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"loc": [part if isinstance(part, int) else str(part)
                       for part in error.get("loc", ())],
               "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}
              for error in exc.errors]
    shown = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                      for e in errors[:MAX_ERRORS_IN_DETAIL])
    more = len(errors) - MAX_ERRORS_IN_DETAIL
    if more > 0:
        shown += f"; … (+{more})"
    return error_response(422, _("请求参数无效：%(errors)s") % {"errors": shown}, errors=errors)


class NotAnObject(ValueError):
    pass


class UnstorableText(ValueError):
    pass


def storable(text: str) -> bool:
    """False for text no database column can hold: PostgreSQL refuses NUL
    in text, and a lone surrogate (which JSON's \\ud800 escapes can spell)
    is not UTF-8 at all. Left alone, either becomes a 500 at the query."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _all_storable(value: Any) -> bool:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return all(storable(k) and _all_storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_all_storable(item) for item in value)
    return True


class ObjectBodyParser(Parser):
    """Every operation's body is a schema, that is a JSON object. django-ninja
    would read any other JSON value (a list, a number, null) as an object
    without fields, so a PUT of `5` would quietly apply every default."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise NotAnObject(NOT_AN_OBJECT)
        if not _all_storable(data):
            raise UnstorableText(UNSTORABLE)
        return data


def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc)
    # django-ninja answers a body the parser refused with a 400 raised from
    # the parser's exception (json.loads' ValueError, or ours); say so in the
    # API's words.
    if exc.status_code == 400 and isinstance(exc.__cause__, NotAnObject | UnstorableText):
        detail = str(exc.__cause__)
    elif exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        detail = str(UNPARSABLE)
    return error_response(exc.status_code, detail)


def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return too_large()


class ContractAPI(NinjaAPI):
    """A NinjaAPI whose framework errors are `ErrorOut` JSON and whose OpenAPI
    document declares them (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("parser", ObjectBodyParser())
        super().__init__(**kwargs)
        # django-ninja's hints say a handler may be passed the class instead of
        # the exception; it never is (NinjaAPI.on_exception passes the raised one).
        self.add_exception_handler(ValidationError, validation_failed)  # type: ignore[arg-type]
        self.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]
        self.add_exception_handler(RequestDataTooBig, body_too_large)  # type: ignore[arg-type]

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_framework_answers(schema)
        return schema


FRAMEWORK_ANSWERS = {
    400: "the body is not a JSON object",
    404: "the path matches nothing",
    413: "the body is too large",
    422: "a parameter or the body does not validate",
}


def declare_framework_answers(schema: dict[str, Any]) -> None:
    """Add to each operation the framework's answers it can get: 400, 413 and
    422 with a body, 422 with parameters, 404 with path parameters; and an
    anonymous alternative where the bearer token is optional."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorOut" not in components:
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components["ErrorOut"] = error_schema
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            parameters = operation.get("parameters", [])
            statuses = []
            if "requestBody" in operation:
                statuses += [400, 413, 422]
            if parameters:
                statuses.append(422)
            if any(p.get("in") == "path" for p in parameters):
                statuses.append(404)
            responses = operation.setdefault("responses", {})
            for status in statuses:
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": FRAMEWORK_ANSWERS[status],
                                         "content": content}
            security = operation.get("security")
            if security and {OptionalBearer.__name__: []} in security and {} not in security:
                security.append({})  # OpenAPI's way to say "or no credentials"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def unstorable_text_middleware(get_response: Callable[[HttpRequest], HttpResponse]
                               ) -> Callable[[HttpRequest], HttpResponse]:
    """A 422 for an API path or query that holds a NUL or an invalid
    character (see `storable`), before any operation passes it to a query.
    Bodies are checked by ObjectBodyParser."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if is_api(request) and not (
                storable(request.path_info)
                and all(storable(key) and all(storable(v) for v in values)
                        for key, values in request.GET.lists())):
            return error_response(422, UNSTORABLE)
        return get_response(request)

    return middleware


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return error_response(404, NO_SUCH_PATH)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return too_large()
        return error_response(400, BAD_REQUEST)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return error_response(500, SERVER_ERROR)
    return defaults.server_error(request)
