"""The public paths. The portal lives at /verify/; QR codes point at /v/<token>;
the enterprise profile at /e/<uscc>/; certificate pages at /c/<body>/<number>/
(a number is unique only within its body, and can contain slashes)."""

from django.urls import path, re_path

from . import views, views_qr, views_report, views_suppliers, views_watchlists

app_name = "verification"
urlpatterns = [
    path("verify/", views.search, name="search"),
    path("verify/report/", views_report.report, name="report"),
    path("verify/report/thanks/", views_report.report_thanks, name="report_thanks"),
    path("v/<path:token>", views.token_landing, name="token"),
    path("e/<str:uscc>/", views.enterprise, name="enterprise"),
    re_path(r"^c/(?P<body>[^/]+)/(?P<number>.+)/qr\.(?P<fmt>svg|png)$", views_qr.qr_image,
            name="qr"),
    re_path(r"^c/(?P<body>[^/]+)/(?P<number>.+)/slip\.pdf$", views_qr.slip_pdf, name="slip"),
    path("c/<str:body>/<path:number>/", views.certificate, name="certificate"),
    path(".well-known/qualitycert-keys.json", views_qr.published_keys, name="jwks"),
    # Supplier-list check (public, rate-limited) and watchlists (signed-in users).
    path("verify/suppliers/", views_suppliers.supplier_check, name="supplier_check"),
    re_path(r"^verify/suppliers/template\.(?P<fmt>csv|xlsx)$", views_suppliers.supplier_template,
            name="supplier_template"),
    path("verify/suppliers/results/<str:token>.xlsx", views_suppliers.supplier_result,
         name="supplier_result"),
    path("watch/", views_watchlists.watchlist, name="watchlist"),
    path("watch/add/", views_watchlists.watch_add, name="watch_add"),
    path("watch/<int:pk>/remove/", views_watchlists.watch_remove, name="watch_remove"),
    path("watch/webhook/", views_watchlists.webhook_url, name="webhook_url"),
    path("watch/webhook/secret/", views_watchlists.webhook_secret, name="webhook_secret"),
]
