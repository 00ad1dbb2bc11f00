from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("tasks/<int:number>/", views.task_page, name="task"),
    path("training/", views.training_list, name="training_list"),
    path("training/new/", views.training_new, name="training_new"),
    path("training/<int:pk>/", views.training_detail, name="training_detail"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<str:approval_number>/", views.body_archive, name="body"),
]
