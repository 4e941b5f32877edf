from django.urls import path

from devinbox import views

app_name = "devinbox"

urlpatterns = [
    path("", views.inbox, name="list"),
    path("<int:pk>/", views.message, name="detail"),
    path("<int:pk>/html/", views.message_html, name="html"),
]
