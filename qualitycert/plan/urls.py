from django.urls import path, register_converter

from .views import plan as views
from .views import reports as views_reports


class PeriodConverter:
    regex = r"\d{4}(?:Q[1-4]|-\d{2})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodConverter, "period")
register_converter(ExportFormatConverter, "exportfmt")

app_name = "plan"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("document/", views.plan_document, name="document"),
    path("overdue/", views.overdue, name="overdue"),
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/<int:year>.<exportfmt:fmt>", views.assessment_export,
         name="assessment_export"),
    path("targets/<slug:code>/figures/", views.target_figures, name="target_figures"),
    path("reports/", views_reports.my_reports, name="my_reports"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", views_reports.submit_report, name="submit_report"),
    path("reports/<int:pk>/review/", views_reports.review_report, name="review_report"),
    path("reports/<int:pk>/attachments/", views_reports.upload_attachment,
         name="upload_attachment"),
    path("items/<int:item_pk>/<period:period>/", views_reports.file_report, name="file_report"),
    path("attachments/<int:pk>/", views_reports.download_attachment,
         name="download_attachment"),
    path("attachments/<int:pk>/delete/", views_reports.delete_attachment,
         name="delete_attachment"),
    path("reviews/", views_reports.reviews, name="reviews"),
]
