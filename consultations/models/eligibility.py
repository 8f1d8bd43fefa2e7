"""Who a window takes and how: the facts as residents read them, and the guide's reasons."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .facts import Method, Who, is_core, method_field, target_field

# Whole sentences per case, so each language can phrase them its own way.
NOT_TAKING = {
    Who.SELF: _("この窓口はご本人からの相談を受け付けていません。"),
    Who.FAMILY: _("この窓口はご家族からの相談を受け付けていません。"),
    Who.OTHERS: _("この窓口は関係者・支援者からの相談を受け付けていません。"),
}
NOT_STATED = {
    Who.SELF: _("ご本人からの相談を受け付けているかは未確認です。お問い合わせください。"),
    Who.FAMILY: _("ご家族からの相談を受け付けているかは未確認です。お問い合わせください。"),
    Who.OTHERS: _("関係者・支援者からの相談を受け付けているかは未確認です。お問い合わせください。"),
}


class Eligibility:
    """A window's methods, who it takes and its ages, as pages, leaflets and the guide show them."""

    @property
    def methods(self):
        """(label, True/False/None) for every method, in display order."""
        return [(m.label, getattr(self, method_field(m))) for m in Method]

    @property
    def shown_methods(self):
        """(method, True/False/None): the core methods always, the others where offered."""
        return [
            (m, getattr(self, method_field(m)))
            for m in Method
            if is_core(m) or getattr(self, method_field(m))
        ]

    @property
    def resident_methods(self):
        """(label, True/False/None) of shown_methods, for the pages."""
        return [(m.label, offered) for m, offered in self.shown_methods]

    @property
    def offered_methods(self):
        return [label for label, offered in self.methods if offered]

    @property
    def targets(self):
        return [(w.label, getattr(self, target_field(w))) for w in Who]

    @property
    def known_targets(self):
        return [(label, allowed) for label, allowed in self.targets if allowed is not None]

    @property
    def confirmed_targets(self):
        return [label for label, allowed in self.targets if allowed]

    @property
    def leaves_questions(self):
        """Whether a short card leaves out how to consult, who may or when: ask by phone."""
        return (
            any(offered is None for _m, offered in self.shown_methods)
            or any(allowed is None for _w, allowed in self.targets)
            or not (self.has_schedule or self.hours)
        )

    @property
    def unknown_facts(self):
        """What the data does not say yet, as one list: pages state the facts, then these once,
        instead of a 未確認 chip on every line (issue 21)."""
        return self.unknown_facts_besides()

    def unknown_facts_besides(self, who=None, hours=False, phone=False):
        """The unknown facts a page has not said yet: the guide's note already says whether
        `who` may consult, a first-call box above the card that the hours are unknown, a
        leaflet's line in place of the number that the number is."""
        unknown = []
        if not self.phone and not phone:
            unknown.append(gettext("電話番号"))
        if not (self.has_schedule or self.hours):
            if not hours:
                unknown.append(gettext("受付時間"))
        elif self.has_schedule:
            if self.closed_on_public_holidays is None:
                unknown.append(gettext("祝日の受付"))
            if self.closed_year_end is None:
                unknown.append(gettext("年末年始の受付"))
        methods = [m.label for m, offered in self.shown_methods if offered is None]
        if len(methods) == len(self.shown_methods):
            unknown.append(gettext("相談方法"))
        elif methods:
            unknown.append(
                gettext("%(methods)sで相談できるか")
                % {"methods": gettext("・").join(map(str, methods))}
            )
        targets = [w.label for w in Who if getattr(self, target_field(w)) is None and w != who]
        if len(targets) == len(self.targets):
            unknown.append(gettext("相談できる人"))
        elif targets:
            unknown.append(
                gettext("%(who)sからの相談を受けているか")
                % {"who": gettext("、").join(map(str, targets))}
            )
        if not self.fee:
            unknown.append(gettext("費用"))
        if not self.is_tokyo_wide and self.support_net_visit is None:
            unknown.append(gettext("サポートネットの訪問相談の申込"))
        return unknown

    @property
    def states_age_range(self):
        """Whether the data gives an age limit at all (else the label is 年齢制限の記載なし)."""
        return self.age_min is not None or self.age_max is not None

    @property
    def age_range_label(self):
        if not self.states_age_range:
            return gettext("年齢制限の記載なし")
        if self.age_max is None:
            return gettext("%(min)s歳以上") % {"min": self.age_min}
        if self.age_min is None:
            return gettext("%(max)s歳以下") % {"max": self.age_max}
        return gettext("%(min)s〜%(max)s歳") % {"min": self.age_min, "max": self.age_max}

    def admits_age(self, age):
        """Same rule as WindowQuerySet.admitting_age, for a window already loaded."""
        return (self.age_min is None or self.age_min <= age) and (
            self.age_max is None or self.age_max >= age
        )

    def guide_reasons(self, age=None, who=None):
        """Why this window does not take the person described; empty when it does."""
        reasons = []
        if age is not None and not self.admits_age(age):
            reasons.append(
                gettext("この窓口は%(ages)sが対象です。") % {"ages": self.age_range_label}
            )
        if who and getattr(self, target_field(who)) is False:
            reasons.append(str(NOT_TAKING[who]))
        return reasons

    def guide_unknowns(self, who=None):
        """What the data does not say about the person described (unknown is not no)."""
        if who and getattr(self, target_field(who)) is None:
            return [str(NOT_STATED[who])]
        return []

    @property
    def restricts_age(self):
        """Tokyo asks windows to accept all ages; a restriction is something staff must see."""
        return (self.age_min is not None and self.age_min > 15) or self.age_max is not None
