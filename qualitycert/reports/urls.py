from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("annual/", views.annual, name="annual"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<str:name>", views.open_data_file, name="open_data_file"),
]
