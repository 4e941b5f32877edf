"""The API's errors: always JSON, ``{"detail": "<a sentence>", "code": "<a word>"}``, the sentence
in the token owner's language (or the browser's, before a token is known). ``errors`` lists the
fields a request got wrong, when it did."""

import math

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja.errors import AuthenticationError, HttpError, ValidationError

from contacts.services import ContactError
from referrals.services import ReferralError
from resumes.services import ResumeError


class ApiError(Exception):
    """A refused request: ``detail`` is a translated sentence; 400 unless said otherwise."""

    def __init__(
        self,
        detail: str,
        *,
        code: str = "invalid",
        status: int = 400,
        errors=None,
        retry_after: int | None = None,
    ):
        super().__init__(detail)
        self.detail = detail
        self.code = code
        self.status = status
        self.errors = errors or []
        self.retry_after = retry_after


class InvalidToken(AuthenticationError):
    """A token was sent, but it is unknown, revoked, or its member cannot sign in."""


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def read_only_token() -> ApiError:
    return ApiError(
        _("This token may only read. Create a token with write access to do this."),
        code="read_only_token",
        status=403,
    )


def form_error(form) -> ApiError:
    """A form's errors (the same forms, and so the same rules, as the pages)."""
    errors = [
        {"field": field, "message": str(message)}
        for field, messages in form.errors.items()
        for message in messages
    ]
    return ApiError(_("Some of the data sent is not valid."), code="invalid", errors=errors)


def body(detail: str, code: str, errors=None) -> dict:
    return {"detail": str(detail), "code": code, "errors": errors or []}


def install(api) -> None:
    """Answer every error the API knows as JSON (anything else stays a 500, and is logged)."""

    def respond(request, status: int, detail, code: str, errors=None):
        return api.create_response(request, body(detail, code, errors), status=status)

    def unauthenticated(request, exc):
        if isinstance(exc, InvalidToken):
            detail = _("This token is not valid: it may have been revoked, or mistyped.")
            code = "invalid_token"
        else:
            detail = _(
                "The API needs a personal access token: send it as “Authorization: Bearer "
                "<token>”. Make one in your account settings."
            )
            code = "not_authenticated"
        response = respond(request, 401, detail, code)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def refused(request, exc):
        response = respond(request, exc.status, exc.detail, exc.code, exc.errors)
        if exc.retry_after is not None:
            response["Retry-After"] = str(exc.retry_after)
        return response

    def domain(request, exc):
        return respond(request, 400, str(exc), "refused")

    def not_found(request, exc):
        return respond(request, 404, _("Not found."), "not_found")

    def invalid(request, exc: ValidationError):
        errors = [
            {
                "field": ".".join(str(part) for part in error.get("loc", ())),
                "message": str(error.get("msg", "")),
            }
            for error in exc.errors
        ]
        return respond(request, 422, _("Some of the data sent is not valid."), "invalid", errors)

    def http_error(request, exc: HttpError):
        if exc.status_code == 400:
            return respond(request, 400, _("The request could not be read."), "bad_request")
        return respond(request, exc.status_code, str(exc), "error")

    def limited(request, exc: RateLimited):
        response = respond(
            request,
            429,
            ngettext(
                "Too many requests with this token. Please wait %(seconds)d second.",
                "Too many requests with this token. Please wait %(seconds)d seconds.",
                exc.retry_after,
            )
            % {"seconds": exc.retry_after},
            "rate_limited",
        )
        response["Retry-After"] = str(math.ceil(exc.retry_after))
        return response

    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(ApiError, refused)
    api.add_exception_handler(ReferralError, domain)
    api.add_exception_handler(ResumeError, domain)
    api.add_exception_handler(ContactError, domain)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(RateLimited, limited)
