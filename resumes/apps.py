from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResumesConfig(AppConfig):
    name = "resumes"
    verbose_name = _("Resumes")

    def ready(self):
        from django.db.models.signals import post_delete

        from resumes.models import Resume
        from resumes.services import delete_file_after_commit

        # Whatever deletes a resume row (a member, a cascade, the admin, the retention purge),
        # its file goes too — after the commit, so a rolled-back delete keeps its file.
        post_delete.connect(delete_file_after_commit, sender=Resume, dispatch_uid="resume-file")
