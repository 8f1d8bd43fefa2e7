"""The annual confirmation round (確認依頼): every municipality confirms what the directory says.

Tokyo surveys its municipalities every year. A 都職員 opens a round with a deadline; each
municipality then has a checklist: every one of its windows (both tiers, published or not),
its contact details, and the staff-kept facts behind the national requirements. Each item is
confirmed as it is (「内容に変更なし」, which for a window records today's verification) or by
changing it, which for what residents see goes through review (WindowRevision) as always. A
proposal that is rejected or replaced no longer counts, so the item is open again.
"""

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Municipality
from municipalities.roles import municipal_staff_addresses, staff_municipality

from .revisions import RevisionStatus, WindowRevision, staff_name
from .windows import SAVED_AT_ONCE, ConsultationWindow


class Item(models.TextChoices):
    WINDOW = "window", "窓口"
    CONTACT = "contact", "代表の連絡先"
    REQUIREMENTS = "requirements", "国の要件・地域の状況"


# What every municipality confirms besides its windows.
MUNICIPALITY_ITEMS = (Item.CONTACT, Item.REQUIREMENTS)


class Outcome(models.TextChoices):
    UNCHANGED = "unchanged", "内容に変更なし"
    CHANGED = "changed", "変更して保存"
    PROPOSED = "proposed", "変更を申請"


class RoundState(models.TextChoices):
    """Where a municipality stands in a round (the overview's column)."""

    DONE = "done", "完了"
    # Nothing left for the municipality, but a proposal still waits for a 都職員's decision.
    WAITING = "waiting", "承認待ち"
    PARTLY = "partly", "一部"
    NOT_STARTED = "not_started", "未着手"


# The window facts behind the overview's ? that only the municipality can answer.
WINDOW_QUESTIONS = ("target_family", "support_net_visit")
# The municipality's own facts behind the overview's ?: the round asks until each is answered.
REQUIREMENT_QUESTIONS = ("lead_department", "needs_survey_done", "platform_established")


ONE_OPEN = "受付中の確認依頼がすでにあります。先にその確認依頼を締め切ってください。"


def validate_one_line(value):
    """Refuse line breaks and other control characters: the title is a mail subject
    (send_round_reminders), where Django refuses a line break outright."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
        raise ValidationError(
            "名称に改行やタブは使えません。1行で入力してください。", code="one_line"
        )


class RoundError(Exception):
    """A confirmation that cannot be recorded; the message is for staff."""


class RoundQuerySet(models.QuerySet):
    def current(self):
        """The round open now, or None (at most one is open: see the constraint)."""
        return self.filter(is_open=True).order_by("-opened_at").first()


class ConfirmationRound(models.Model):
    title = models.CharField(
        "名称",
        max_length=100,
        validators=[validate_one_line],
        help_text="例：令和9年度 相談窓口の確認（区市町村の管理画面とお知らせのメールに出ます）",
    )
    deadline = models.DateField("回答期限")
    message = models.TextField(
        "区市町村へのお願い",
        blank=True,
        help_text="区市町村の職員の管理画面のトップと、お知らせのメールに載ります（任意）。",
    )
    is_open = models.BooleanField(
        "受付中",
        default=True,
        help_text="締め切ると、区市町村の管理画面から消えます。確認の記録は残ります。",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="始めた職員",
    )
    opened_at = models.DateTimeField("開始日時", auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "確認依頼"
        verbose_name_plural = "確認依頼"
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_open"],
                condition=Q(is_open=True),
                name="round_one_open",
                violation_error_message=ONE_OPEN,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:consultations_confirmationround_change", args=[self.pk])

    def clean(self):
        # The admin's add form has no 受付中 field, so the constraint alone would not be checked.
        others = ConfirmationRound.objects.filter(is_open=True).exclude(pk=self.pk)
        if self.is_open and others.exists():
            raise ValidationError(ONE_OPEN)

    def checklist(self, municipality):
        return Checklist(self, municipality)

    def with_progress(self, municipalities):
        """`municipalities` annotated with the items to confirm and those confirmed (progress_of)."""
        windows = (
            ConsultationWindow.objects.filter(municipality=OuterRef("pk"))
            .order_by()
            .values("municipality")
            .annotate(count=Count("pk"))
            .values("count")
        )

        def count(confirmations):
            return Subquery(
                confirmations.filter(
                    Q(window__municipality=OuterRef("pk"))
                    | Q(window__isnull=True, municipality=OuterRef("pk"))
                )
                .order_by()
                .values("round")
                .annotate(count=Count("pk"))
                .values("count")
            )

        return municipalities.annotate(
            round_windows=Coalesce(Subquery(windows), 0),
            round_done=Coalesce(count(self.confirmations.counted()), 0),
            round_waiting=Coalesce(count(self.confirmations.awaiting()), 0),
        )

    def reminders(self):
        """A Reminder for each municipality that has not finished, in code order."""
        municipalities = self.with_progress(Municipality.objects.local().order_by("code"))
        # A municipality whose only open items wait for a 都職員's approval has nothing to do.
        unfinished = [
            m
            for m in municipalities
            if progress_of(m).state not in (RoundState.DONE, RoundState.WAITING)
        ]
        addresses = municipal_staff_addresses([m.code for m in unfinished])
        return [Reminder(self, m, progress_of(m), addresses.get(m.code, [])) for m in unfinished]

    def municipality_count(self):
        return Municipality.objects.local().count()

    def check_open_for(self, user, municipality):
        """Only the municipality's own staff confirm its items, and only while the round is open."""
        if not self.is_open:
            raise RoundError(f"確認依頼「{self.title}」は締め切られています。")
        if staff_municipality(user) != municipality.pk:
            raise RoundError(f"{municipality.name}の確認は、{municipality.name}の職員が行います。")

    def confirm_unchanged(self, user, municipality, item, window=None):
        """「内容に変更なし」: record it; for a window, also today's verification (最終確認日)."""
        self.check_open_for(user, municipality)
        if item == Item.REQUIREMENTS:
            unknown = requirement_unknowns(municipality)
            if unknown:
                raise RoundError(
                    f"{'、'.join(unknown)}が未確認のままです。「回答する」から入力してください。"
                )
        with transaction.atomic():
            if window is not None:
                verify(window, user, f"確認依頼「{self.title}」: 内容に変更なし")
            return Confirmation.objects.record(
                self, user, Outcome.UNCHANGED, municipality, item, window=window
            )


def verify(window, user, reason):
    """Record that `user` checked `window` today: 最終確認日, 最終確認者 and a history entry."""
    window.last_verified = timezone.localdate()
    window.verified_by = user
    window._history_user = user
    window._change_reason = reason
    window.save(update_fields=["last_verified", "verified_by"])


def confirming_edit(window, user):
    """The open round that `user`'s edit of `window` confirms the window in, or None.

    A municipal staff member who changes what residents see (not only notes) during a
    round has checked the window: the change carries today's verification, which a
    proposal applies when it is approved.
    """
    round_ = ConfirmationRound.objects.current()
    if round_ is None or staff_municipality(user) != window.municipality_id:
        return None
    if not set(window.unsaved_changes()) - SAVED_AT_ONCE:
        return None
    window.last_verified = timezone.localdate()
    window.verified_by = user
    return round_


def requirement_unknowns(municipality):
    """The labels of the requirement facts still unknown (the overview's ?)."""
    field = Municipality._meta.get_field
    return [
        str(field(name).verbose_name)
        for name in REQUIREMENT_QUESTIONS
        if getattr(municipality, name) in (None, "")
    ]


def window_unknowns(window):
    field = ConsultationWindow._meta.get_field
    return [
        str(field(name).verbose_name) for name in WINDOW_QUESTIONS if getattr(window, name) is None
    ]


class ConfirmationQuerySet(models.QuerySet):
    def standing(self):
        """Confirmations that count: not a proposal that was rejected or replaced since."""
        return self.exclude(
            revision__status__in=[RevisionStatus.REJECTED, RevisionStatus.SUPERSEDED]
        )

    def counted(self):
        """Confirmations that make an item done: a proposal only once it is approved."""
        return self.standing().exclude(revision__status=RevisionStatus.PENDING)

    def awaiting(self):
        """Confirmations by a proposal that still waits for a 都職員 (承認待ち)."""
        return self.filter(revision__status=RevisionStatus.PENDING)

    def record(self, round_, user, outcome, municipality, item, window=None, revision=None):
        """The newest confirmation of an item replaces the one before."""
        key = {"window": window} if window else {"municipality": municipality, "item": item}
        confirmation, _ = self.update_or_create(
            round=round_,
            **key,
            defaults={
                "municipality": municipality,
                "item": item,
                "outcome": outcome,
                "revision": revision,
                "confirmed_by": user,
                "confirmed_at": timezone.now(),
            },
        )
        return confirmation


class Confirmation(models.Model):
    """One item of a municipality's checklist, confirmed in a round: who, when and how."""

    round = models.ForeignKey(
        ConfirmationRound,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name="確認依頼",
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name="区市町村"
    )
    item = models.CharField("項目", max_length=12, choices=Item.choices)
    window = models.ForeignKey(
        ConsultationWindow,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="confirmations",
        verbose_name="窓口",
    )
    outcome = models.CharField("確認の結果", max_length=9, choices=Outcome.choices)
    revision = models.ForeignKey(
        WindowRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="変更申請",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="確認した職員",
    )
    confirmed_at = models.DateTimeField("確認日時", default=timezone.now)

    objects = ConfirmationQuerySet.as_manager()

    class Meta:
        verbose_name = "確認の記録"
        verbose_name_plural = "確認の記録"
        ordering = ["round", "municipality", "item", "window"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "window"],
                condition=Q(window__isnull=False),
                name="confirmation_one_per_window",
            ),
            models.UniqueConstraint(
                fields=["round", "municipality", "item"],
                condition=Q(window__isnull=True),
                name="confirmation_one_per_item",
            ),
            models.CheckConstraint(
                condition=Q(item=Item.WINDOW, window__isnull=False)
                | (~Q(item=Item.WINDOW) & Q(window__isnull=True)),
                name="confirmation_window_iff_window_item",
            ),
        ]
        indexes = [
            # Each municipality's progress in a round (the overview and the reminders).
            models.Index(fields=["round", "municipality"], name="confirmation_progress"),
        ]

    def __str__(self):
        return f"{self.round}: {self.municipality_id} {self.get_item_display()}"

    def get_absolute_url(self):
        return reverse(
            "admin:consultations_confirmationround_checklist",
            args=[self.round_id, self.municipality_id],
        )

    @property
    def confirmed_by_name(self):
        return staff_name(self.confirmed_by)

    @property
    def stands(self):
        return self.revision is None or self.revision.status not in (
            RevisionStatus.REJECTED,
            RevisionStatus.SUPERSEDED,
        )

    @property
    def awaiting(self):
        """Confirmed only by a proposal nobody has decided on yet: not done until approved,
        since what residents see has not changed (issue 22)."""
        return self.revision is not None and self.revision.status == RevisionStatus.PENDING


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    # Items confirmed only by a pending proposal: neither done nor left to the municipality.
    waiting: int = 0

    @property
    def state(self):
        if self.done >= self.total:
            return RoundState.DONE
        if self.done + self.waiting >= self.total:
            return RoundState.WAITING
        return RoundState.PARTLY if self.done or self.waiting else RoundState.NOT_STARTED

    @property
    def label(self):
        counts = f"{min(self.done, self.total)}/{self.total}"
        if self.waiting and self.state != RoundState.WAITING:
            counts += f"、承認待ち{self.waiting}"
        return f"{self.state.label}（{counts}）"


def progress_of(municipality):
    """A municipality's Progress from ConfirmationRound.with_progress's annotations."""
    total = municipality.round_windows + len(MUNICIPALITY_ITEMS)
    done = min(municipality.round_done, total)
    return Progress(done, total, min(municipality.round_waiting, total - done))


@dataclass
class Reminder:
    """What a municipality that has not finished a round is sent, and to whom."""

    round: ConfirmationRound
    municipality: Municipality
    progress: Progress
    # The e-mail addresses of the municipality's own active staff (municipal_staff_of).
    addresses: list

    @cached_property
    def left(self):
        return self.round.checklist(self.municipality).left


@dataclass
class ChecklistItem:
    item: Item
    name: str
    confirmation: Confirmation | None = None
    window: ConsultationWindow | None = None
    # A proposal about this item waits for a 都職員's decision.
    pending: bool = False
    # What the overview shows as ? and this item can answer.
    unknowns: tuple = ()

    @property
    def done(self):
        return (
            self.confirmation is not None
            and self.confirmation.stands
            and not self.confirmation.awaiting
        )

    @property
    def awaiting(self):
        """Confirmed by a proposal that waits for a 都職員: nothing left for the municipality."""
        return self.confirmation is not None and self.confirmation.awaiting

    @property
    def can_confirm_unchanged(self):
        """「内容に変更なし」 is offered until done; the requirements only once nothing is unknown."""
        return (
            not self.done
            and not self.awaiting
            and not (self.item == Item.REQUIREMENTS and self.unknowns)
        )

    @property
    def rejected(self):
        """The proposal this item was confirmed with came back: the item is open again."""
        return self.confirmation is not None and not self.confirmation.stands

    @property
    def message_card_expired(self):
        """The window's counsellor card is no longer shown (expired, or its consent or expiry
        date is missing): the round is where staff extend or rewrite it."""
        window = self.window
        return window is not None and window.has_message_card and not window.shows_message_card()


class Checklist:
    """One municipality's items in a round, in the order of its pages, each with its confirmation."""

    def __init__(self, round_, municipality):
        self.round = round_
        self.municipality = municipality
        windows = ConsultationWindow.objects.filter(municipality=municipality).in_tier_order()
        confirmations = round_.confirmations.filter(
            Q(window__municipality=municipality) | Q(window__isnull=True, municipality=municipality)
        ).select_related("revision", "confirmed_by")
        by_window = {c.window_id: c for c in confirmations if c.window_id}
        by_item = {c.item: c for c in confirmations if not c.window_id}
        pending = set(
            WindowRevision.objects.pending()
            .filter(municipality=municipality)
            .values_list("window_id", flat=True)
        )
        self.items = [
            ChecklistItem(
                Item.WINDOW,
                window.name,
                by_window.get(window.pk),
                window,
                window.pk in pending,
                tuple(window_unknowns(window)),
            )
            for window in windows
        ]
        self.items += [
            ChecklistItem(
                Item.CONTACT,
                f"{municipality.name}の代表の連絡先（代表電話・公式サイト）",
                by_item.get(Item.CONTACT),
                pending=None in pending,
            ),
            ChecklistItem(
                Item.REQUIREMENTS,
                f"{municipality.name}の国の要件・地域の状況（主管部署・実態把握・プラットフォーム）",
                by_item.get(Item.REQUIREMENTS),
                unknowns=tuple(requirement_unknowns(municipality)),
            ),
        ]

    @property
    def left(self):
        """What the municipality still has to do (an item awaiting approval is Tokyo's turn)."""
        return [item for item in self.items if not item.done and not item.awaiting]

    @property
    def progress(self):
        done = sum(item.done for item in self.items)
        waiting = sum(item.awaiting for item in self.items)
        return Progress(done, len(self.items), waiting)
