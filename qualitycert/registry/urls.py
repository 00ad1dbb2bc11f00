from django.urls import path, register_converter

from . import views_import


class TemplateFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TemplateFormatConverter, "templatefmt")

app_name = "registry"
urlpatterns = [
    path("import/", views_import.import_page, name="import"),
    path("import/templates/<slug:kind>.<templatefmt:fmt>", views_import.import_template,
         name="import_template"),
    path("import/<int:pk>/report.xlsx", views_import.import_report, name="import_report"),
]
