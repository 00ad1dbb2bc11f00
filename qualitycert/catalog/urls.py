"""The catalog's pages under /catalog/: the public catalogue and declaration
lookup, an enterprise's declarations (/my/), a lab's samples (/lab/), and the
bureau's pages."""

from django.urls import path, re_path

from .views import enterprise, imports, lab, public, staff, staff_sampling

app_name = "catalog"
urlpatterns = [
    # public
    path("catalogue/", public.catalogue, name="catalogue"),
    path("catalogue/<str:code>/", public.category, name="category"),
    path("declarations/", public.declaration_lookup, name="declaration_lookup"),
    path("declarations/<str:number>/", public.declaration, name="declaration"),
    # an enterprise's own declarations
    path("my/declarations/", enterprise.my_declarations, name="my_declarations"),
    path("my/declarations/new/", enterprise.file_declaration, name="file_declaration"),
    path("my/declarations/<int:pk>/", enterprise.my_declaration, name="my_declaration"),
    path("my/declarations/<int:pk>/withdraw/", enterprise.withdraw,
         name="withdraw_declaration"),
    # a lab's samples
    path("lab/samples/", lab.samples, name="lab_samples"),
    path("lab/samples/<int:pk>/", lab.sample, name="lab_sample"),
    # the bureau
    path("", staff.dashboard, name="dashboard"),
    path("staff/declarations/", staff.declarations, name="staff_declarations"),
    path("staff/declarations/<int:pk>/", staff.declaration, name="staff_declaration"),
    path("cases/", staff.cases, name="cases"),
    path("cases/<int:pk>/", staff.case, name="case"),
    path("cases/<int:pk>/close/", staff.close_case, name="close_case"),
    path("licences/", staff.licences, name="licences"),
    path("plans/", staff_sampling.plans, name="plans"),
    path("plans/<int:pk>/", staff_sampling.plan, name="plan"),
    path("plans/<int:pk>/draw/", staff_sampling.draw, name="draw"),
    path("plans/<int:pk>/close/", staff_sampling.close_plan, name="close_plan"),
    path("samples/", staff_sampling.samples, name="samples"),
    path("samples/<int:pk>/", staff_sampling.sample, name="sample"),
    path("samples/<int:pk>/result/", staff_sampling.sample_result, name="sample_result"),
    path("samples/<int:pk>/follow-up/", staff_sampling.follow_up, name="follow_up"),
    path("import/", imports.import_page, name="import"),
    re_path(r"^import/(?P<kind>[a-z]+)\.(?P<fmt>csv|xlsx)$", imports.import_template,
            name="import_template"),
]
