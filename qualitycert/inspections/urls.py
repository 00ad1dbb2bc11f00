from django.urls import path

from .views import inspector, public, staff

app_name = "inspections"
urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("targets/", staff.target_list, name="targets"),
    path("targets/refresh/", staff.target_refresh, name="target_refresh"),
    path("plans/new/", staff.plan_create, name="plan_create"),
    path("plans/<int:pk>/", staff.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", staff.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/commit/", staff.plan_commit, name="plan_commit"),
    path("plans/<int:pk>/draw/", staff.plan_draw, name="plan_draw"),
    path("plans/<int:pk>/close/", staff.plan_close, name="plan_close"),
    path("plans/<int:pk>/candidates.txt", staff.plan_candidates_text, name="plan_candidates"),
    path("plans/<int:pk>/record.json", staff.plan_record, name="plan_record"),
    path("review/", staff.review_queue, name="review_queue"),
    path("review/<int:pk>/", staff.review_result, name="review_result"),
    path("my/", inspector.my_assignments, name="my_assignments"),
    path("my/conflicts/", inspector.my_conflicts, name="my_conflicts"),
    path("my/<int:pk>/", inspector.my_assignment, name="my_assignment"),
    path("my/<int:pk>/submit/", inspector.result_submit, name="result_submit"),
    path("my/<int:pk>/cosign/", inspector.result_cosign, name="result_cosign"),
    path("my/<int:pk>/attachments/", inspector.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", inspector.attachment_download, name="attachment"),
    path("results/", public.public_plans, name="public_plans"),
    path("results/<int:pk>/", public.public_plan_results, name="public_plan"),
]
