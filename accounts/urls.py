from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/export/", views.export, name="export"),
    path("privacy/delete/", views.delete_account, name="delete"),
]
