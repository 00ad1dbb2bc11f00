"""The supplier-list check (public, rate-limited), under the portal's /verify/."""

from django.urls import path, re_path

from . import views

app_name = "procurement"
urlpatterns = [
    path("verify/suppliers/", views.supplier_check, name="supplier_check"),
    re_path(r"^verify/suppliers/template\.(?P<fmt>csv|xlsx)$", views.supplier_template,
            name="supplier_template"),
    path("verify/suppliers/results/<str:token>.xlsx", views.supplier_result,
         name="supplier_result"),
]
