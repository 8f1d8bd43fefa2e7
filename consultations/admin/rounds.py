"""The annual confirmation round (確認依頼): opened by 都職員, each municipality's checklist.

The rules (who confirms, what counts) are on the models (models.rounds); these screens show
them. A municipal user's checklist is also on their admin index (staff_queue).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from municipalities.forms import MunicipalityForm
from municipalities.models import Municipality
from municipalities.roles import is_metro, may_keep, staff_municipality

from ..dates import JAPANESE_DATES
from ..mail import notify_round_opened, round_reminder, send_round_reminders
from ..models import (
    ConcurrentEditError,
    Confirmation,
    ConfirmationRound,
    ConsultationWindow,
    Item,
    Outcome,
    RoundError,
    RoundState,
    progress_of,
    staff_name,
)


class RequirementsForm(MunicipalityForm):
    """The round's questions behind the overview's ?: answered, not left 未確認."""

    class Meta(MunicipalityForm.Meta):
        fields = [
            "lead_department",
            "needs_survey_done",
            "needs_survey_year",
            "platform_established",
            "platform_name",
        ]

    answer_needed = (
        "「はい」か「いいえ」を選んでください（分からなければ、担当の部署に確かめてから）。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].required = True
        self.fields["lead_department"].error_messages["required"] = (
            "主管部署を入力してください（決まっていなければ、ひきこもり支援を受け持っている部署を）。"
        )

    def clean_needs_survey_done(self):
        if self.cleaned_data["needs_survey_done"] is None:
            raise forms.ValidationError(self.answer_needed)
        return self.cleaned_data["needs_survey_done"]

    def clean_platform_established(self):
        if self.cleaned_data["platform_established"] is None:
            raise forms.ValidationError(self.answer_needed)
        return self.cleaned_data["platform_established"]


@admin.register(ConfirmationRound)
class ConfirmationRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "deadline", "is_open", "opener", "opened_at", "summary"]
    fields = ["title", "deadline", "message", "is_open"]
    formfield_overrides = JAPANESE_DATES
    change_form_template = "admin/consultations/confirmationround/change_form.html"

    @admin.display(description="始めた職員")
    def opener(self, obj):
        return staff_name(obj.opened_by)

    @admin.display(description="区市町村の状況")
    def summary(self, obj):
        states = [progress_of(m).state for m in obj.with_progress(Municipality.objects.local())]
        return "・".join(f"{state.label} {states.count(state)}" for state in RoundState)

    def get_fields(self, request, obj=None):
        # A new round is open; closing it is a change.
        return self.fields if obj else [f for f in self.fields if f != "is_open"]

    def has_delete_permission(self, request, obj=None):
        # The round is the record of who confirmed what, and when.
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.opened_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            notify_round_opened(obj, obj.reminders())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        round_ = self.get_object(request, object_id) if object_id else None
        if round_ is not None:
            municipalities = round_.with_progress(Municipality.objects.local().order_by("code"))
            extra_context = {
                **(extra_context or {}),
                "progress_rows": [(m, progress_of(m)) for m in municipalities],
                "can_remind": is_metro(request.user),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        def view(route, function, name):
            return path(
                f"<id:round_id>/checklist/<str:code>/{route}",
                self.admin_site.admin_view(function),
                name=f"consultations_confirmationround_{name}",
            )

        return [
            path(
                "<id:round_id>/reminders/",
                self.admin_site.admin_view(self.reminders_view),
                name="consultations_confirmationround_reminders",
            ),
            view("", self.checklist_view, "checklist"),
            view("confirm/", self.confirm_view, "confirm"),
            view("requirements/", self.requirements_view, "requirements"),
            *super().get_urls(),
        ]

    def reminders_view(self, request, round_id):
        """Who would be reminded of what (GET), and sending it (POST): 都職員 only."""
        if not is_metro(request.user):
            raise PermissionDenied
        round_ = get_object_or_404(ConfirmationRound, pk=round_id)
        reminders = round_.reminders()
        if request.method == "POST":
            if not round_.is_open:
                return self.refused(request, f"確認依頼「{round_}」は締め切られています。", 409)
            sent, failed = send_round_reminders(reminders)
            self.message_user(request, f"{len(sent)}件のお知らせを送りました。")
            if failed:
                self.message_user(
                    request,
                    f"メールサーバーに送れなかった区市町村があります: {'、'.join(failed)}。"
                    "しばらくしてからもう一度送ってください。",
                    level=messages.ERROR,
                )
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": f"お知らせのメール: {round_}",
            "opts": self.opts,
            "confirmation_round": round_,
            "municipality_count": round_.municipality_count(),
            "previews": [(reminder, round_reminder(reminder)) for reminder in reminders],
            "sendable": sum(1 for reminder in reminders if reminder.addresses),
        }
        return TemplateResponse(
            request, "admin/consultations/confirmationround/reminders.html", context
        )

    def round_and_municipality(self, request, round_id, code):
        """The round and a municipality the user may keep, or 404."""
        round_ = get_object_or_404(ConfirmationRound, pk=round_id)
        municipality = Municipality.objects.local().filter(code=code).first()
        if municipality is None or not may_keep(request.user, code):
            raise Http404("この区市町村の確認依頼はありません。")
        return round_, municipality

    def check_confirmer(self, request, round_, municipality):
        """Only the municipality's own staff answer, and only while the round is open."""
        if staff_municipality(request.user) != municipality.code:
            raise PermissionDenied
        if not round_.is_open:
            return self.refused(request, f"確認依頼「{round_}」は締め切られています。", 409)
        return None

    def checklist_view(self, request, round_id, code):
        round_, municipality = self.round_and_municipality(request, round_id, code)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{round_}: {municipality.name}",
            "opts": self.opts,
            "confirmation_round": round_,
            "checklist": round_.checklist(municipality),
            "can_confirm": round_.is_open and staff_municipality(request.user) == code,
            "next": request.get_full_path(),
        }
        return TemplateResponse(
            request, "admin/consultations/confirmationround/checklist.html", context
        )

    @staticmethod
    def window_of(municipality, window_id):
        window = (
            ConsultationWindow.objects.filter(municipality=municipality, pk=window_id).first()
            if window_id.isdigit()
            else None
        )
        if window is None:
            raise Http404("この区市町村の窓口ではありません。")
        return window

    @method_decorator(require_POST)
    def confirm_view(self, request, round_id, code):
        """「内容に変更なし」 for one item: POST item (and window)."""
        round_, municipality = self.round_and_municipality(request, round_id, code)
        refusal = self.check_confirmer(request, round_, municipality)
        if refusal:
            return refusal
        item = request.POST.get("item", "")
        if item not in Item.values:
            return self.refused(request, "確認する項目が指定されていません。", 400)
        window = None
        if item == Item.WINDOW:
            window = self.window_of(municipality, request.POST.get("window", ""))
        try:
            confirmation = round_.confirm_unchanged(request.user, municipality, item, window)
        except RoundError as error:
            return self.refused(request, str(error), 409)
        except ConcurrentEditError:
            return self.refused(
                request,
                "同時に別の職員がこの窓口を保存したため、確認を記録できませんでした。内容を確かめて、もう一度押してください。",
                409,
            )
        name = window.name if window else confirmation.get_item_display()
        self.message_user(request, f"「{name}」を「内容に変更なし」で確認済みにしました。")
        return self.back(request, round_, municipality)

    def requirements_view(self, request, round_id, code):
        """The municipality's answers to the facts behind the national requirements."""
        round_, municipality = self.round_and_municipality(request, round_id, code)
        refusal = self.check_confirmer(request, round_, municipality)
        if refusal:
            return refusal
        form = RequirementsForm(request.POST or None, instance=municipality)
        if request.method == "POST" and form.is_valid():
            outcome = Outcome.CHANGED if form.has_changed() else Outcome.UNCHANGED
            # The answers and their confirmation, or neither (e.g. the database goes away between).
            with transaction.atomic():
                form.save()
                Confirmation.objects.record(
                    round_, request.user, outcome, municipality, Item.REQUIREMENTS
                )
            self.message_user(request, "国の要件・地域の状況の回答を記録しました。")
            return self.back(request, round_, municipality)
        context = {
            **self.admin_site.each_context(request),
            "title": f"国の要件・地域の状況: {municipality.name}",
            "opts": self.opts,
            "confirmation_round": round_,
            "municipality": municipality,
            "form": form,
            "next": request.GET.get("next", ""),
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(
            request,
            "admin/consultations/confirmationround/requirements.html",
            context,
            status=status,
        )

    def back(self, request, round_, municipality):
        """To where the user pressed the button (the admin index or the checklist page)."""
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse(
                "admin:consultations_confirmationround_checklist",
                args=[round_.pk, municipality.code],
            )
        return HttpResponseRedirect(target)

    def refused(self, request, message, status):
        context = {
            **self.admin_site.each_context(request),
            "title": "確認を記録できませんでした",
            "opts": self.opts,
            "message": message,
        }
        return TemplateResponse(
            request, "admin/consultations/confirmationround/refused.html", context, status=status
        )
