from django.urls import path, register_converter

from . import views


class TemplateFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TemplateFormatConverter, "templatefmt")

app_name = "registry"
urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/templates/<slug:kind>.<templatefmt:fmt>", views.import_template,
         name="import_template"),
    path("import/<int:pk>/report.xlsx", views.import_report, name="import_report"),
]
