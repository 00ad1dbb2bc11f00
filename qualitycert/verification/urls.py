"""The public paths. The portal lives at /verify/; QR codes point at /v/<token>;
the enterprise profile at /e/<uscc>/; certificate pages at /c/<body>/<number>/
(a number is unique only within its body, and can contain slashes)."""

from django.urls import path, re_path

from . import views

app_name = "verification"
urlpatterns = [
    path("verify/", views.search, name="search"),
    path("verify/report/", views.report, name="report"),
    path("verify/report/thanks/", views.report_thanks, name="report_thanks"),
    path("v/<path:token>", views.token_landing, name="token"),
    path("e/<str:uscc>/", views.enterprise, name="enterprise"),
    re_path(r"^c/(?P<body>[^/]+)/(?P<number>.+)/qr\.(?P<fmt>svg|png)$", views.qr_image,
            name="qr"),
    re_path(r"^c/(?P<body>[^/]+)/(?P<number>.+)/slip\.pdf$", views.slip_pdf, name="slip"),
    path("c/<str:body>/<path:number>/", views.certificate, name="certificate"),
    path(".well-known/qualitycert-keys.json", views.published_keys, name="jwks"),
]
