"""Residents' reports of wrong facts: the staff inbox."""

from django.db import models

from municipalities.models import Municipality

from .windows import ConsultationWindow


class ReportStatus(models.TextChoices):
    NEW = "new", "未対応"
    CHECKED = "checked", "確認済み"
    FIXED = "fixed", "修正済み"


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
        "対応状況", max_length=7, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    staff_notes = models.TextField("職員用メモ", blank=True)
    created_at = models.DateTimeField("受付日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

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
