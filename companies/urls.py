from django.urls import path

from companies import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="list"),
    path("add/", views.company_add, name="add"),
    path("<slug:slug>/", views.company_detail, name="detail"),
]
