"""Where each municipality stands on the national requirements, for metropolitan staff.

Every check is True (✓), False (✗) or None (?). None means the data does not say, and is
never shown as ✗: a gap to follow up, not a failure to report. The checks over windows look
only at published hikikomori windows (Tier.HIKIKOMORI), because the national requirements are
about the window residents are told to go to for hikikomori; a municipality with only a general
window has a gap to confirm, not a window. Verification covers every published window.
"""

from collections import Counter
from datetime import timedelta
from functools import cached_property

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from municipalities.models import Municipality, Region

from ..models import (
    ConsultationWindow,
    Method,
    RoundState,
    Tier,
    WindowRevision,
    method_field,
    progress_of,
)

# "Verified within 12 months", counted in days so the rule does not shift with leap years.
VERIFIED_WITHIN = timedelta(days=365)


class Check(models.TextChoices):
    """The overview's columns; each value names the OverviewRow property that computes it."""

    WINDOW_PUBLISHED = "window_published", "窓口の公表"
    ALL_AGES = "all_ages", "年齢を問わない窓口"
    FAMILY = "family", "家族の相談"
    LEAD_DEPARTMENT = "lead_department", "主管部署"
    NEEDS_SURVEY = "needs_survey", "実態把握"
    PLATFORM = "platform", "プラットフォーム"
    SUPPORT_NET_VISIT = "support_net_visit", "サポートネット訪問相談の受付"
    VERIFIED = "verified", "12か月以内の確認"


RULES = {
    Check.WINDOW_PUBLISHED: (
        "✓ 公開中のひきこもり相談窓口が1つ以上ある。"
        "? 生活の困りごと全般の相談窓口だけ（ひきこもりの相談を受けているか確認が必要）。"
        "✗ 公開中の窓口がない。"
    ),
    Check.ALL_AGES: (
        "✓ 公開中の窓口のうち1つでも年齢で対象を限っていない"
        "（下限が15歳以下か記載なし、かつ上限の記載なし）。"
        "✗ どの窓口も年齢で限っている。? 公開中のひきこもり相談窓口がない。"
    ),
    Check.FAMILY: (
        "✓ 公開中の窓口のうち1つでも家族の相談を受ける。✗ どの窓口も受けない。"
        "? それ以外（未確認の窓口がある、または公開中の窓口がない）。"
    ),
    Check.LEAD_DEPARTMENT: (
        "✓ 主管部署が入力されている。? 空欄（未指定か未確認か分からないため ✗ にはしません）。"
    ),
    Check.NEEDS_SURVEY: "区市町村の「実態把握（ニーズ調査）の実施」欄のとおり。",
    Check.PLATFORM: "区市町村の「支援プラットフォームの設置」欄のとおり。",
    Check.SUPPORT_NET_VISIT: (
        "✓ 公開中の窓口のうち1つでも受け付けている。✗ どの窓口も受け付けていない。"
        "? それ以外（未確認の窓口がある、または公開中の窓口がない）。"
    ),
    Check.VERIFIED: (
        "✓ 公開中のすべての窓口の最終確認日が365日以内。✗ 365日より前の窓口がある。"
        "? 最終確認日のない窓口がある、または公開中の窓口がない。"
    ),
}


def visible_municipalities(user):
    """The municipalities whose rows `user` may see, on the page and in the CSV alike.

    Metropolitan staff see the 62 municipalities (Tokyo itself is not a row); a
    municipal staff member sees only the municipality they are assigned to.
    """
    return Municipality.objects.local().editable_by(user)


def combine(facts):
    """One tri-state answer from several windows: one yes is enough; no only if all say no."""
    facts = list(facts)
    if True in facts:
        return True
    if not facts or None in facts:
        return None
    return False


class OverviewRow:
    def __init__(self, municipality, published, today, progress=None):
        self.municipality = municipality
        self.published = published
        self.windows = [window for window in published if window.tier == Tier.HIKIKOMORI]
        self.today = today
        # Where the municipality stands in the open confirmation round (None without one).
        self.progress = progress

    @property
    def window_published(self):
        if self.windows:
            return True
        return None if self.published else False

    @property
    def all_ages(self):
        # Several windows: a resident of any age has somewhere to go if one of them takes all.
        if not self.windows:
            return None
        return any(not window.restricts_age for window in self.windows)

    @property
    def family(self):
        return combine(window.target_family for window in self.windows)

    @property
    def lead_department(self):
        # A blank field cannot tell "none designated" from "not looked up yet".
        return True if self.municipality.lead_department.strip() else None

    @property
    def needs_survey(self):
        return self.municipality.needs_survey_done

    @property
    def platform(self):
        return self.municipality.platform_established

    @property
    def support_net_visit(self):
        return combine(window.support_net_visit for window in self.windows)

    @property
    def verified(self):
        if not self.published:
            return None
        cutoff = self.today - VERIFIED_WITHIN
        dates = [window.last_verified for window in self.published]
        if any(date is not None and date < cutoff for date in dates):
            return False
        if None in dates:
            return None
        return True

    @property
    def stale_windows(self):
        """Published windows residents are told were not confirmed within 12 months (or never)."""
        cutoff = self.today - VERIFIED_WITHIN
        return sum(1 for w in self.published if w.last_verified is None or w.last_verified < cutoff)

    @property
    def pending_reviews(self):
        """Proposed window changes waiting for metropolitan approval."""
        return self.municipality.pending_reviews

    def status(self, check):
        return getattr(self, check.value)

    @cached_property
    def checks(self):
        """(Check, True/False/None) in column order."""
        return [(check, self.status(check)) for check in Check]

    @property
    def failures(self):
        return sum(1 for _, value in self.checks if value is False)

    @property
    def unknowns(self):
        return sum(1 for _, value in self.checks if value is None)

    @property
    def gaps(self):
        """Columns to follow up: ✗ and ? alike."""
        return self.failures + self.unknowns

    def offers(self, method):
        return any(getattr(window, method_field(method)) for window in self.windows)

    @property
    def oldest_verification(self):
        dates = [w.last_verified for w in self.published if w.last_verified is not None]
        return min(dates, default=None)


class Overview:
    """One row per municipality of `municipalities`, in code order, and the totals over them.

    With `confirmation_round`, each row also says where it stands in that round.
    """

    def __init__(self, municipalities, today=None, confirmation_round=None):
        self.today = today or timezone.localdate()
        self.confirmation_round = confirmation_round
        if confirmation_round is not None:
            municipalities = confirmation_round.with_progress(municipalities)
        published = Prefetch(
            "windows",
            queryset=ConsultationWindow.objects.published(),
            to_attr="published_windows",
        )
        # Counted in the municipalities' own query, so the page stays at two queries.
        pending = (
            WindowRevision.objects.pending()
            .filter(municipality=OuterRef("pk"))
            .order_by()
            .values("municipality")
            .annotate(count=Count("pk"))
            .values("count")
        )
        municipalities = municipalities.annotate(
            pending_reviews=Coalesce(Subquery(pending), 0)
        ).order_by("code")
        self.rows = [
            OverviewRow(
                municipality,
                municipality.published_windows,
                self.today,
                progress_of(municipality) if confirmation_round else None,
            )
            for municipality in municipalities.prefetch_related(published)
        ]

    def narrow(self, keep=None, key=None, descending=False):
        """Keep the rows `keep(row)` accepts, ordered by `key(row)`; totals follow the rows kept.

        Call before reading any total.
        """
        rows = [row for row in self.rows if keep is None or keep(row)]
        if key is not None:
            rows.sort(key=key, reverse=descending)
        self.rows = rows
        return self

    @property
    def verified_since(self):
        return self.today - VERIFIED_WITHIN

    @cached_property
    def totals(self):
        """Per column: (Check, number of ✓, of ✗, of ?) over the rows."""
        totals = []
        for check in Check:
            counts = Counter(row.status(check) for row in self.rows)
            totals.append((check, counts[True], counts[False], counts[None]))
        return totals

    @property
    def pending_reviews(self):
        return sum(row.pending_reviews for row in self.rows)

    @property
    def stale_windows(self):
        return sum(row.stale_windows for row in self.rows)

    @cached_property
    def round_states(self):
        """[(RoundState, number of rows in it)], empty without a round."""
        if self.confirmation_round is None:
            return []
        states = Counter(row.progress.state for row in self.rows)
        return [(state, states[state]) for state in RoundState]

    @property
    def rows_with_failures(self):
        return sum(1 for row in self.rows if row.failures)

    @property
    def rows_with_unknowns(self):
        return sum(1 for row in self.rows if row.unknowns)

    @cached_property
    def coverage_by_region(self):
        """Per check: [(Region, rows meeting it, rows)] for each region that has rows."""
        regions = [
            (region, [row for row in self.rows if row.municipality.region == region])
            for region in Region
        ]
        regions = [(region, rows) for region, rows in regions if rows]
        return [
            (
                check,
                [
                    (region, sum(1 for row in rows if row.status(check) is True), len(rows))
                    for region, rows in regions
                ],
            )
            for check in Check
        ]

    @cached_property
    def methods_offered(self):
        """Per method: how many rows have a published window that offers it."""
        return [(method, sum(1 for row in self.rows if row.offers(method))) for method in Method]
