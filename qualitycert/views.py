"""The site's front door and a health probe; each app has its own views."""

from django.contrib.staticfiles import finders
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import resolve
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from qualitycert.accounts.roles import effective_role, may_enter_back_office

# The staff pages the front page offers, in the order a person looks for them.
# Each is shown only to the roles its view lets in (the view's own
# `role_required` roles), so the page never offers a door that answers 403.
STAFF_TOOLS = [
    ("/admin/", _("后台管理（局工作人员、认证机构）")),
    ("/registry/import/", _("数据导入")),
    ("/inspections/", _("双随机抽查")),
    ("/inspections/my/", _("我的检查任务（执法人员）")),
    ("/plan/", _("重点任务督办与目标")),
    ("/catalog/", _("产品质量监管")),
    ("/catalog/my/declarations/", _("我的自我声明")),
    ("/credit/", _("企业质量信用")),
    ("/credit/my/", _("我的质量档案")),
    ("/catalog/lab/samples/", _("承检样品")),
    ("/plan/reports/", _("本单位进展报告")),
    ("/programmes/training/", _("培训登记")),
    ("/reports/", _("年度分析报告")),
    ("/watch/", _("我的关注")),
]


def _may_open(request: HttpRequest, url: str) -> bool:
    if url == "/admin/":
        return may_enter_back_office(request.user)
    allowed = getattr(resolve(url).func, "allowed_roles", None)
    if allowed is None:  # open to anyone signed in
        return True
    return effective_role(request.user) in allowed


def staff_tools(request: HttpRequest) -> list[tuple[str, str]]:
    if not request.user.is_authenticated:
        return []
    return [(url, str(label)) for url, label in STAFF_TOOLS if _may_open(request, url)]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"staff_tools": staff_tools(request)})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> FileResponse:
    """Browsers ask for /favicon.ico on every site whatever the page links;
    answer with the icon rather than a 404 in every access log."""
    found = finders.find("qualitycert/favicon.ico")
    if not found:
        raise Http404
    return FileResponse(open(found, "rb"), content_type="image/x-icon")
