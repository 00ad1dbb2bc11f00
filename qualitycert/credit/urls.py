"""The credit pages under /credit/: the bureau's overview, models, facts,
dishonesty list and repairs; the archive; an enterprise's repair request;
the public dishonesty list."""

from django.urls import path

from .views import archive, consent, enterprise, public, staff

app_name = "credit"
urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("archive/<str:uscc>/", archive.archive, name="archive"),
    path("my/", archive.my_archive, name="my_archive"),
    path("my/consent/", consent.consent, name="consent"),
    path("my/dishonesty/<int:pk>/repair/", enterprise.apply_repair, name="apply_repair"),
    path("grades/", staff.grades, name="grades"),
    path("models/", staff.model_list, name="models"),
    path("models/<int:version>/", staff.model_detail, name="model"),
    path("models/<int:version>/preview/", staff.model_preview, name="model_preview"),
    path("models/<int:version>/publish/", staff.model_publish, name="model_publish"),
    path("models/<int:version>/export.json", staff.model_export, name="model_export"),
    path("facts/new/", staff.fact_new, name="fact_new"),
    path("dishonesty/", staff.dishonesty_list, name="dishonesty_staff"),
    path("dishonesty/new/", staff.dishonesty_new, name="dishonesty_new"),
    path("dishonesty/public/", public.dishonesty_public, name="dishonesty_public"),
    path("repairs/", staff.repairs, name="repairs"),
    path("repairs/<int:pk>/", staff.repair_decide, name="repair"),
]
