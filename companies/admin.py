from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.models import Company, CompanyAlias, CompanyDomain
from companies.services import (
    CompanyError,
    company_refresh_search_text,
)
from workflows.companies import company_merge


class AliasInline(admin.StackedInline):  # stacked: each input has a label
    model = CompanyAlias
    extra = 1


class DomainInline(admin.StackedInline):  # stacked: each input has a label
    model = CompanyDomain
    extra = 1


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Company.objects.all(),
        label=gettext_lazy("Merge into"),
    )


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name_en", "name_zh", "active_referrer_count", "website", "created_at"]
    search_fields = ["name_en", "name_zh", "aliases__name", "domains__domain"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["active_referrer_count", "created_by", "created_at"]
    inlines = [AliasInline, DomainInline]
    actions = ["merge_duplicates"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        company_refresh_search_text(company=form.instance)

    @admin.action(description=gettext_lazy("Merge the selected duplicates into one company"))
    def merge_duplicates(self, request, queryset):
        if "apply" in request.POST:
            form = MergeForm(request.POST)
            if form.is_valid():
                target = form.cleaned_data["target"]
                merged = 0
                for source in queryset.exclude(pk=target.pk):
                    try:
                        company_merge(source=source, target=target)
                        merged += 1
                    except CompanyError as error:
                        self.message_user(request, str(error), messages.ERROR)
                self.message_user(
                    request,
                    _("%(count)d companies merged into %(target)s.")
                    % {"count": merged, "target": target},
                    messages.SUCCESS,
                )
                return redirect(request.get_full_path())
        else:
            form = MergeForm(initial={"target": queryset.order_by("created_at").first()})
            form.fields["target"].queryset = queryset
        return TemplateResponse(
            request,
            "admin/companies/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge duplicate companies"),
                "companies": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
