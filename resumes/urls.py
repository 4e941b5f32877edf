from django.urls import path

from resumes import views

app_name = "resumes"

urlpatterns = [
    path("", views.library, name="library"),
    path("<int:pk>/file/", views.download, name="download"),
    path("<int:pk>/delete/", views.remove, name="delete"),
]
