"""What the API answers and accepts, shared by its endpoints: errors, pages, and input bodies
built from the very forms the pages use (so a field's limits are the same rule, written once).
"""

from datetime import date, datetime
from typing import Literal

from django import forms
from django.utils import translation
from ninja import Field, Schema
from pydantic import create_model

from api.errors import form_error


class FieldError(Schema):
    field: str = Field(description="The field (or parameter) that was refused.")
    message: str


class Error(Schema):
    detail: str = Field(description="What went wrong, in the token owner's language.")
    code: str = Field(description="A stable word for programs, e.g. not_found, read_only_token.")
    errors: list[FieldError] = Field(default_factory=list)


# Every operation can answer these, in the Error shape.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}


def answers(ok) -> dict:
    return {200: ok, **ERRORS}


def file_answer(media_type: str, description: str) -> dict:
    """The ``openapi_extra`` of an operation whose 200 is a file, not JSON (with
    ``response={200: None, **ERRORS}``): its media type in the schema, so clients and
    Schemathesis expect that file, while its errors stay JSON."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {media_type: {"schema": {"type": "string"}}},
            }
        }
    }


class PageBase(Schema):
    next: str | None = Field(description="The URL of the next page; null on the last page.")
    next_cursor: str | None = Field(description="The cursor of the next page (opaque).")


def page_of(name: str, item: type[Schema]) -> type[Schema]:
    """A page of ``item``s: ``{"items": […], "next": …, "next_cursor": …}``."""
    return create_model(name, __base__=PageBase, items=(list[item], ...))


def _field_type(field: forms.Field):
    """The JSON type of a form field, and its JSON Schema limits."""
    if isinstance(field, forms.BooleanField):
        return bool, {}
    if isinstance(field, forms.MultipleChoiceField):
        return list[Literal[tuple(v for v, _l in field.choices)]], {}
    if isinstance(field, forms.ChoiceField):
        return Literal[tuple(v for v, _l in field.choices)], {}
    if isinstance(field, forms.IntegerField):
        limits = {"ge": field.min_value, "le": field.max_value}
        return int, {k: v for k, v in limits.items() if v is not None}
    if isinstance(field, forms.DateTimeField):
        return datetime, {}
    if isinstance(field, forms.DateField):
        return date, {}
    limits = {"max_length": field.max_length} if field.max_length else {}
    if field.required:
        limits["min_length"] = 1
    return str, limits


def form_schema(name: str, form_class: type[forms.Form], *, exclude=(), extra=None) -> type[Schema]:
    """The JSON body of a form: each field with the form's type, choices and limits (but those
    in ``exclude``; ``extra`` adds fields of the body's own). The endpoint then validates the
    body with the form itself (translated errors, same rules)."""
    fields = dict(extra or {})
    with translation.override("en"):
        for field_name, field in form_class.base_fields.items():
            if field_name in exclude:
                continue
            annotation, limits = _field_type(field)
            if field.required:
                default = ...
            elif annotation is bool:
                default = bool(field.initial)
            elif annotation is str:
                default = ""
            else:
                annotation, default = annotation | None, None
            fields[field_name] = (
                annotation,
                Field(default, description=str(field.label), **limits),
            )
    return create_model(name, __base__=Schema, **fields)


def form_data(form_class: type[forms.Form], payload: Schema) -> dict:
    """``payload`` checked by ``form_class`` (the page's form): its cleaned data, or a 400 with
    the form's translated errors."""
    data = {name: value for name, value in payload.dict().items() if value is not None}
    form = form_class(data=data)
    if not form.is_valid():
        raise form_error(form)
    return form.cleaned_data
