from django.urls import path

from coffee import views

app_name = "coffee"

urlpatterns = [
    path("", views.chat_list, name="list"),
    path("propose/<int:user_pk>/", views.propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/met/", views.happened, name="happened"),
    path("<int:pk>/invitation.ics", views.ics, name="ics"),
]
