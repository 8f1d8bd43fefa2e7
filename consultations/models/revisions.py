"""Review before publishing: municipal changes wait as proposals until metropolitan staff decide.

The workflow (propose, withdraw, approve, reject, the stale-content checks) lives here with
its model; admin only shows it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Municipality
from municipalities.roles import is_metro, scope_filter

from ..mail import notify_decision
from .windows import (
    REVISION_FIELDS,
    SAVED_AT_ONCE,
    ConsultationWindow,
    display_value,
    field_values,
    window_values,
)


def staff_name(user):
    if user is None:
        return "（記録なし）"
    return user.get_full_name() or user.get_username()


WITHDRAWN_BY_DIRECT_SAVE = (
    "区市町村の職員が申請を通さずに保存したため取り下げました"
    "（非公開にした、下書きに戻した、または公開中の内容に戻した）。"
)

# A municipality's contact details residents see (the municipality page, leaflets; on a
# 確認中 page the only local number). Its other fields are reference data or staff-only.
CONTACT_FIELDS = [Municipality._meta.get_field(name) for name in ("website", "main_phone")]

WITHDRAWN_BY_CONTACT_SAVE = (
    "区市町村の職員が代表の連絡先を公開中の内容に戻して保存したため取り下げました。"
)


def contact_values(municipality):
    return field_values(municipality, CONTACT_FIELDS)


# "Before" in a review of a window residents have never seen: every field is new to them.
NOT_YET_PUBLIC = "（未公開）"


def public_values(window):
    """`window` as residents last saw it: the stored row if published, else its last published
    version in history ({} if it was never published).

    A municipal user may unpublish a window and edit the draft at once (a closed window is
    urgent); a review against the stored draft would then hide those edits when the window
    is proposed for publishing again (or recovered after deletion, or reverted).
    """
    if window.published:
        return window_values(window)
    last_published = (
        ConsultationWindow.history.filter(id=window.pk, published=True)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return window_values(last_published.instance) if last_published else {}


class RevisionStatus(models.TextChoices):
    PENDING = "pending", "承認待ち"
    APPROVED = "approved", "承認済み"
    REJECTED = "rejected", "差し戻し"
    SUPERSEDED = "superseded", "取り下げ"


class ReviewError(Exception):
    """An approval or rejection that cannot be done; the message is for staff."""


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RevisionStatus.PENDING)

    def decided(self):
        return self.exclude(status=RevisionStatus.PENDING)

    def visible_to(self, user):
        return self.filter(scope_filter(user, "municipality"))

    def not_followed_up(self):
        """Those that no later proposal about the same window (or contact details) replaced."""
        later = WindowRevision.objects.filter(
            municipality=OuterRef("municipality"), pk__gt=OuterRef("pk")
        )
        return self.filter(
            Q(~Exists(later.filter(window=OuterRef("window"))), window__isnull=False)
            | Q(~Exists(later.filter(window__isnull=True)), window__isnull=True)
        )

    def about(self, subject):
        """The proposals for a window, or for a municipality's contact details."""
        if isinstance(subject, Municipality):
            return self.filter(municipality=subject, window__isnull=True)
        return self.filter(window=subject)

    def propose(self, window, user):
        """Hold `window`'s unsaved values as `user`'s proposal; residents keep seeing the window as stored.

        A window not yet stored (new, or restored after deletion) is first saved unpublished,
        as a draft, so that the proposal has a window to point at. A pending proposal for the
        same window is superseded: the newest proposal is what its author wants published.
        """
        window.store_uploads()
        data = window_values(window)
        with transaction.atomic():
            current = (
                ConsultationWindow._base_manager.select_for_update().filter(pk=window.pk).first()
                if window.pk
                else None
            )
            if current is None:
                window.published = False
                window.save()
                current = window
            replaced = self.replace_pending(current, user)
            revision = self.create(
                window=current,
                municipality_id=current.municipality_id,
                data=data,
                base_data=window_values(current),
                public_data=public_values(current),
                base_version=current.version,
                proposed_by=user,
            )
            revision.replaced = replaced
            return revision

    def propose_contact(self, municipality, user):
        """Hold `municipality`'s unsaved contact details as `user`'s proposal (see propose)."""
        data = contact_values(municipality)
        with transaction.atomic():
            current = Municipality._base_manager.select_for_update().get(pk=municipality.pk)
            replaced = self.replace_pending(current, user)
            base_data = contact_values(current)
            revision = self.create(
                municipality=current,
                data=data,
                base_data=base_data,
                # A municipality's contact details are always on its public page.
                public_data=base_data,
                proposed_by=user,
            )
            revision.replaced = replaced
            return revision

    def replace_pending(self, subject, user):
        """Withdraw the pending proposal about `subject` for a new one; the one replaced, or None.

        The saver is told (the admin's message): a colleague's proposal they may not have
        seen no longer waits for approval.
        """
        pending = self.pending().about(subject).select_related("proposed_by").first()
        self.withdraw(subject, user, "新しい申請に置き換えられました。")
        return pending

    def withdraw(self, subject, user, reason):
        """Close the pending proposal about `subject` (if any) without applying it."""
        return (
            self.pending()
            .about(subject)
            .update(
                status=RevisionStatus.SUPERSEDED,
                decided_by=user,
                decided_at=timezone.now(),
                reason=reason,
            )
        )


class WindowRevision(models.Model):
    """A municipal staff member's change to what residents see, held until metropolitan staff decide.

    It is about a window, or (with no window) about its municipality's contact details:
    one queue, one set of decisions for both. `data` is the subject as proposed (every
    REVISION_FIELD, or CONTACT_FIELD); `base_data` is the subject as stored when the
    proposal was made, so approval can tell what changed since.
    """

    window = models.ForeignKey(
        ConsultationWindow,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name="窓口",
        help_text="空欄なら区市町村の代表の連絡先の申請です。",
    )
    # The municipality whose staff proposed it: the scope of who sees it, and the queue's filter.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name="区市町村",
    )
    data = models.JSONField("申請の内容", encoder=DjangoJSONEncoder)
    base_data = models.JSONField("申請時の内容", encoder=DjangoJSONEncoder)
    public_data = models.JSONField(
        "申請時の公開中の内容",
        encoder=DjangoJSONEncoder,
        default=dict,
        help_text="空なら、申請の時点でこの窓口は一度も公開されていません。",
    )
    base_version = models.PositiveIntegerField("申請時の版", null=True, blank=True)
    status = models.CharField(
        "状態", max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="申請者",
    )
    created_at = models.DateTimeField("申請日時", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="判断した職員",
    )
    decided_at = models.DateTimeField("判断日時", null=True, blank=True)
    reason = models.TextField(
        "理由・コメント", blank=True, help_text="申請した区市町村の職員に表示されます。"
    )

    objects = RevisionQuerySet.as_manager()

    # The pending proposal this one replaced when it was made (RevisionQuerySet.propose).
    replaced = None

    class Meta:
        verbose_name = "変更申請"
        verbose_name_plural = "変更申請"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A newer proposal supersedes the pending one (RevisionQuerySet.propose).
            models.UniqueConstraint(
                fields=["window"],
                condition=Q(status=RevisionStatus.PENDING),
                name="revision_one_pending_per_window",
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(status=RevisionStatus.PENDING, window__isnull=True),
                name="revision_one_pending_contact",
            ),
        ]
        indexes = [
            # The review queue (pending, oldest first) and the overview's pending counts.
            models.Index(
                fields=["created_at"],
                condition=Q(status=RevisionStatus.PENDING),
                name="revision_pending",
            ),
        ]

    def __str__(self):
        return f"{self.subject_name}（{timezone.localtime(self.created_at):%Y-%m-%d %H:%M} の申請）"

    def get_absolute_url(self):
        return reverse("admin:consultations_windowrevision_change", args=[self.pk])

    @property
    def own_url(self):
        """Where its proposer follows it (自分の申請)."""
        return reverse("admin:consultations_ownrevision_change", args=[self.pk])

    @property
    def replaced_notice(self):
        """What to tell the staff member whose save replaced a pending proposal ("" if none)."""
        if self.replaced is None:
            return ""
        old = self.replaced
        whose = (
            ""
            if old.proposed_by_id == self.proposed_by_id
            else f"{staff_name(old.proposed_by)}さんの"
        )
        return (
            f"承認待ちだった{whose}申請（{timezone.localtime(old.created_at):%Y-%m-%d %H:%M}）に今回の変更を加え、"
            "合わせて1件の申請にしました。都職員が判断するのは、合わせた内容です。"
        )

    @property
    def is_pending(self):
        return self.status == RevisionStatus.PENDING

    @property
    def is_contact(self):
        """Whether this is about the municipality's contact details rather than a window."""
        return self.window_id is None

    @property
    def subject(self):
        return self.municipality if self.is_contact else self.window

    @property
    def subject_name(self):
        return f"{self.municipality.name}の代表の連絡先" if self.is_contact else self.window.name

    @property
    def subject_admin_url(self):
        if self.is_contact:
            return reverse("admin:municipalities_municipality_change", args=[self.municipality_id])
        return reverse("admin:consultations_consultationwindow_change", args=[self.window_id])

    @property
    def fields(self):
        return CONTACT_FIELDS if self.is_contact else REVISION_FIELDS

    def values_of(self, subject):
        return field_values(subject, self.fields)

    @property
    def publishes(self):
        """Whether approving puts on the public pages a window residents do not see now."""
        return bool(self.data.get("published")) and not self.base_data.get("published")

    @property
    def kind(self):
        if self.is_contact:
            return "連絡先の変更の申請"
        return "公開の申請" if self.publishes else "変更の申請"

    def proposed_values(self):
        """The proposed values as Python values, by field name."""
        fields = {field.name: field for field in self.fields}
        return {
            name: fields[name].to_python(value)
            for name, value in self.data.items()
            if name in fields
        }

    def changes(self):
        """[(label, before, as proposed)] for each field that approval puts before residents.

        Before is what residents saw when the proposal was made (public_values), not the
        stored draft: whatever was saved at once while the window was off the public pages
        is listed too, and for a window never published, every field is. Later saves are
        conflicts() and changes_since().
        """
        before = self.public_data
        if "published" in self.base_data:
            # A window residents last saw before it was taken down (or deleted) comes back:
            # say so, though its last public version was published too.
            before = {**before, "published": self.base_data["published"]}
        return self.compare(before, self.data)

    @property
    def first_publication(self):
        """Whether residents have never seen this window: the review lists every field."""
        return not self.public_data

    def changes_since(self, subject=None):
        """[(label, when proposed, now)] for each field saved by someone after the proposal."""
        return self.compare(self.base_data, self.values_of(subject or self.subject))

    def compare(self, old, new):
        """[(label, old, new)] for the fields that differ; a field missing from `old` (never
        public) is listed with NOT_YET_PUBLIC as its old value."""
        return [
            (
                str(field.verbose_name),
                display_value(field, field.to_python(old[field.name]))
                if field.name in old
                else NOT_YET_PUBLIC,
                display_value(field, field.to_python(new[field.name])),
            )
            for field in self.fields
            if field.name in new and (field.name not in old or old[field.name] != new[field.name])
        ]

    def conflicts(self, subject):
        """The labels of fields whose later change approval would overwrite.

        A later change to anything residents see blocks approval, even in a field the
        proposal leaves alone: the reviewer would be approving against content that is
        gone. Later changes to the SAVED_AT_ONCE fields block only where the proposal
        changes the same field differently.
        """
        now = self.values_of(subject)
        labels = []
        for field in self.fields:
            name = field.name
            if name not in self.base_data or self.base_data[name] == now[name]:
                continue
            proposed = self.data.get(name, self.base_data[name])
            if name not in SAVED_AT_ONCE or proposed not in (self.base_data[name], now[name]):
                labels.append(str(field.verbose_name))
        return labels

    def check_decision_by(self, user):
        if not is_metro(user):
            raise ReviewError("変更申請を承認・差し戻しできるのは都職員だけです。")
        if not self.is_pending:
            raise ReviewError(
                f"この申請はすでに「{self.get_status_display()}」になっています。一覧から開き直してください。"
            )
        if self.proposed_by_id == user.pk:
            raise ReviewError(
                "自分の申請は承認・差し戻しできません。別の都職員に依頼してください。"
            )

    def approve(self, user, comment=""):
        """Apply the proposal through the subject's own save: recorded in history (a window
        also gets a new version)."""
        with transaction.atomic():
            revision = type(self)._base_manager.select_for_update().get(pk=self.pk)
            revision.check_decision_by(user)
            if revision.is_contact:
                subject = Municipality._base_manager.select_for_update().get(
                    pk=revision.municipality_id
                )
                saved_since = f"{subject.name}の代表の連絡先が保存され"
            else:
                subject = ConsultationWindow._base_manager.select_for_update().get(
                    pk=revision.window_id
                )
                saved_since = (
                    f"（申請時の版 {revision.base_version}、現在の版 {subject.version}）に"
                    "この窓口が保存され"
                )
            conflicts = revision.conflicts(subject)
            if conflicts:
                raise ReviewError(
                    f"承認できません。申請の後{saved_since}、{'、'.join(conflicts)}が変わっています。"
                    "承認すると、その変更を上書きしてしまいます。"
                    "差し戻して、最新の内容から申請し直してもらってください。"
                )
            fields = {field.name: field for field in revision.fields}
            changed = [
                name
                for name, value in revision.data.items()
                if name in fields and value != revision.base_data.get(name)
            ]
            for name in changed:
                field = fields[name]
                setattr(subject, field.attname, field.to_python(revision.data[name]))
            if "last_verified" in changed:
                subject.verified_by_id = revision.proposed_by_id if subject.last_verified else None
            try:
                subject.full_clean()
            except ValidationError as error:
                raise ReviewError(
                    "承認できません。申請の内容が今のデータと合いません: "
                    + " ".join(error.messages)
                    + " 差し戻して、申請し直してもらってください。"
                ) from None
            proposer = staff_name(revision.proposed_by)
            subject._history_user = user
            subject._change_reason = f"承認: {proposer} の申請（{timezone.localtime(revision.created_at):%Y-%m-%d %H:%M}）"
            subject.save()
            revision.decide(RevisionStatus.APPROVED, user, comment)
            notify_decision(revision)
        self.refresh_from_db()
        return subject

    def reject(self, user, reason):
        reason = reason.strip()
        if not reason:
            raise ReviewError("差し戻すときは理由を書いてください。申請した職員に表示されます。")
        with transaction.atomic():
            revision = type(self)._base_manager.select_for_update().get(pk=self.pk)
            revision.check_decision_by(user)
            revision.decide(RevisionStatus.REJECTED, user, reason)
            notify_decision(revision)
        self.refresh_from_db()

    def decide(self, status, user, reason):
        self.status = status
        self.decided_by = user
        self.decided_at = timezone.now()
        self.reason = reason.strip()
        self.save(update_fields=["status", "decided_by", "decided_at", "reason"])


class OwnRevision(WindowRevision):
    """自分の申請: what a municipal staff member proposed, and what became of it."""

    class Meta:
        proxy = True
        verbose_name = "自分の申請"
        verbose_name_plural = "自分の申請"

    def get_absolute_url(self):
        return reverse("admin:consultations_ownrevision_change", args=[self.pk])
