from django.contrib import admin
from django.urls import include, path

from qualitycert import views
from qualitycert.api_v1 import api
from qualitycert.verification import lookup

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Our login view (lockout, Chinese form) before the stock auth views.
    path("accounts/", include("qualitycert.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # The public lookup is a plain Django view, routed before the API that
    # documents it (decision 0006); qualitycert/urls_public.py serves it too.
    path("api/v1/certificates/<path:number>", lookup.certificate, name="certificate-lookup"),
    path("api/v1/", api.urls),
    path("registry/", include("qualitycert.registry.urls")),
    path("plan/", include("qualitycert.plan.urls")),
    path("programmes/", include("qualitycert.programmes.urls")),
    path("catalog/", include("qualitycert.catalog.urls")),
    path("credit/", include("qualitycert.credit.urls")),
    path("inspections/", include("qualitycert.inspections.urls")),
    path("reports/", include("qualitycert.reports.urls")),
    # The public verification portal owns the short public paths (/v/<token>, /e/<uscc>/ …).
    path("", include("qualitycert.verification.urls")),
    path("", include("qualitycert.procurement.urls")),
    path("", include("qualitycert.watch.urls")),
]

# JSON for /api/ paths, Django's own pages elsewhere (qualitycert/api/contract.py).
handler400 = "qualitycert.api.contract.bad_request"
handler404 = "qualitycert.api.contract.not_found"
handler500 = "qualitycert.api.contract.server_error"
