from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from referrals.retention import referrer_may_read_resume
from resumes.forms import ResumeUploadForm
from resumes.selectors import resume_accesses_of, resumes_of
from resumes.services import ResumeError, resume_create, resume_delete, resume_log_access


def serve_resume(request, resume, *, referral_request=None, viewer=None):
    """Stream a resume as an attachment; log it when someone other than the owner reads it.

    ``viewer`` is who reads it when that is not the signed-in member: the referrer of an
    e-mail's personal link (``referrals.decision_links``), who is not signed in."""
    if resume is None:
        raise Http404
    viewer = viewer if viewer is not None else request.user
    if resume.owner_id != viewer.pk:
        if referral_request is None or not referrer_may_read_resume(referral_request):
            raise Http404
        resume_log_access(resume=resume, viewer=viewer, referral_request=referral_request)
    try:
        handle = resume.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resume.original_name or "resume.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@login_required
def library(request):
    form = ResumeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            resume_create(
                owner=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ResumeError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Your resume has been added to your library."))
            return redirect("resumes:library")
    return TemplateResponse(
        request,
        "resumes/library.html",
        {
            "form": form,
            "resumes": resumes_of(request.user),
            "accesses": resume_accesses_of(request.user),
        },
    )


@login_required
def download(request, pk):
    resume = get_object_or_404(resumes_of(request.user), pk=pk)
    return serve_resume(request, resume)


@login_required
@require_POST
def remove(request, pk):
    resume = get_object_or_404(resumes_of(request.user), pk=pk)
    resume_delete(resume=resume)
    messages.success(request, _("The resume has been deleted."))
    return redirect("resumes:library")
