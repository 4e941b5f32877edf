from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("<str:token>.ics", views.feed, name="feed"),
    path("start/", views.start, name="start"),
    path("reset/", views.reset, name="reset"),
    path("stop/", views.stop, name="stop"),
]
