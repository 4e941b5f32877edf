from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_add, name="add"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
    path("<int:pk>/delete/", views.contact_remove, name="delete"),
    path("<int:pk>/log/", views.log_interaction, name="log"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("keep-in-touch/", views.gone_quiet, name="gone_quiet"),
    path("import/", views.import_linkedin, name="import"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.vcf", views.export_vcard, name="export_vcard"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/merge/", views.merge, name="merge"),
    path("settings/", views.reminder_settings, name="settings"),
]
