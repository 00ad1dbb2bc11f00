"""Watchlists of signed-in users, and their webhook receiver."""

from django.urls import path

from . import views

app_name = "watch"
urlpatterns = [
    path("watch/", views.watchlist, name="watchlist"),
    path("watch/add/", views.watch_add, name="add"),
    path("watch/<int:pk>/remove/", views.watch_remove, name="remove"),
    path("watch/webhook/", views.webhook_url, name="webhook_url"),
    path("watch/webhook/secret/", views.webhook_secret, name="webhook_secret"),
]
