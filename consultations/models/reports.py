"""Residents' reports of wrong facts: the staff inbox, and how staff handle each report."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from municipalities.models import Municipality
from municipalities.roles import scope_filter

from ..mail import notify_assignment, reply_to_resident
from .revisions import staff_name
from .windows import ConsultationWindow


class ReportStatus(models.TextChoices):
    NEW = "new", "未対応"
    IN_PROGRESS = "in_progress", "対応中"
    CHECKED = "checked", "確認済み（修正不要）"
    FIXED = "fixed", "修正済み"


# A report waits for staff until it is closed as checked or fixed.
OPEN_STATUSES = (ReportStatus.NEW, ReportStatus.IN_PROGRESS)


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def visible_to(self, user):
        return self.filter(scope_filter(user, "municipality"))


class ErrorReport(models.Model):
    """A resident's note that a window's published facts are wrong: the staff inbox."""

    window = models.ForeignKey(
        ConsultationWindow,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="error_reports",
        verbose_name="相談窓口",
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="error_reports",
        verbose_name="区市町村",
        help_text="報告された窓口の区市町村。担当の職員に届く受信箱を分けます。",
    )
    window_name = models.CharField(
        "報告時の窓口名", max_length=120, help_text="窓口が削除されても報告は残ります。"
    )
    what = models.TextField("誤りの内容")
    contact = models.CharField("報告者の連絡先（任意）", max_length=200, blank=True)
    status = models.CharField(
        "対応状況",
        max_length=11,
        choices=ReportStatus.choices,
        default=ReportStatus.NEW,
        help_text="「確認済み（修正不要）」か「修正済み」にすると、対応を終えた職員と日時が記録されます。",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="担当者",
        help_text="この区市町村を担当できる職員から選びます。選ぶと「対応中」になります。",
    )
    staff_notes = models.TextField(
        "対応メモ",
        blank=True,
        help_text="どう確かめ、どう対応したか。報告者に回答したときは、その内容も。公開ページには出ません。",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="対応を終えた職員",
    )
    closed_at = models.DateTimeField("対応を終えた日時", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("受付日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "誤りの報告"
        verbose_name_plural = "誤りの報告"
        ordering = ["-created_at"]
        indexes = [
            # The admin inbox: new reports of one municipality first.
            models.Index(fields=["municipality", "status", "-created_at"], name="report_inbox"),
        ]

    def __str__(self):
        return f"{self.window_name}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return (
            self.window.get_absolute_url() if self.window else self.municipality.get_absolute_url()
        )

    @property
    def admin_url(self):
        return reverse("admin:consultations_errorreport_change", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def contact_email(self):
        """The e-mail address the resident left among their contact details, or ""."""
        # Residents write anything here: a phone number, a name, 「メール: a@b.jp」.
        for word in re.split(r"[\s,、，;；:：（）()<>「」]+", self.contact):
            try:
                validate_email(word)
            except ValidationError:
                continue
            return word
        return ""

    def reply(self, user, subject, body):
        """E-mail the resident and log it with the report; nothing is logged if it was not sent."""
        with transaction.atomic():
            reply = self.replies.create(
                to=self.contact_email, subject=subject, body=body, sent_by=user
            )
            reply_to_resident(reply)
        return reply

    def handled(self, user, changed):
        """Bring the status and the closing record in step with the fields staff just `changed`.

        Assigning a new report starts it (対応中) and tells the assignee, unless they took it
        themselves; closing it records who and when, and reopening it clears that. History
        keeps every step.
        """
        if "assigned_to" in changed and self.assigned_to_id:
            if self.status == ReportStatus.NEW:
                self.status = ReportStatus.IN_PROGRESS
            if self.assigned_to_id != user.pk:
                notify_assignment(self, user)
        if self.is_open:
            self.closed_by, self.closed_at = None, None
        elif "status" in changed or self.closed_at is None:
            self.closed_by, self.closed_at = user, timezone.now()

    def close(self, user, status):
        self.status = status
        self.handled(user, {"status"})
        self._history_user = user
        self.save()


class ReportReply(models.Model):
    """An e-mail staff sent to the resident who made a report (報告者への返信)."""

    report = models.ForeignKey(
        ErrorReport, on_delete=models.CASCADE, related_name="replies", verbose_name="誤りの報告"
    )
    to = models.EmailField("宛先")
    subject = models.CharField("件名", max_length=200)
    body = models.TextField("本文")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="送った職員",
    )
    sent_at = models.DateTimeField("送信日時", default=timezone.now)

    class Meta:
        verbose_name = "報告者への返信"
        verbose_name_plural = "報告者への返信"
        ordering = ["sent_at", "pk"]

    def __str__(self):
        return f"{self.subject}（{timezone.localtime(self.sent_at):%Y-%m-%d %H:%M}）"

    def get_absolute_url(self):
        return self.report.admin_url

    @property
    def sender_name(self):
        return staff_name(self.sent_by)
