from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("blocks/", views.blocks, name="blocks"),
    path("blocks/<int:member_pk>/", views.block, name="block"),
    path("blocks/<int:member_pk>/unblock/", views.unblock, name="unblock"),
]
