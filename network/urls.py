from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("members/<int:pk>/", views.member, name="member"),
    path("members/<int:pk>/connect/", views.connect, name="connect"),
    path("members/<int:pk>/save/", views.shortlist_save, name="shortlist_add"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("people-to-meet/", views.wishes, name="wishes"),
    path("people-to-meet/<int:pk>/delete/", views.wish_delete, name="wish_delete"),
    path("saved/<int:pk>/remove/", views.shortlist_delete, name="shortlist_remove"),
    path("connections/", views.connections, name="connections"),
    path(
        "connections/<int:pk>/accept/",
        views.connection_respond,
        {"answer": "accept"},
        name="connection_accept",
    ),
    path(
        "connections/<int:pk>/ignore/",
        views.connection_respond,
        {"answer": "ignore"},
        name="connection_ignore",
    ),
]
