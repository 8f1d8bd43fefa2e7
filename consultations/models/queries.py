"""How windows are found: published, by method, who, age, keyword, and who may edit them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from municipalities.models import TOKYO_CODE
from municipalities.postal import town_index
from municipalities.roles import scope_filter

from .facts import Tier, a_year_before, method_field, target_field
from .messages import MessageCardQuerySet


class WindowQuerySet(MessageCardQuerySet, models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def editable_by(self, user):
        """The windows `user` may see and change in admin (see municipalities.models.scope_filter)."""
        return self.filter(scope_filter(user, "municipality"))

    def not_verified_since(self, day):
        """Windows last verified before `day`, or never."""
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=day))

    def needing_verification(self, today=None):
        return self.not_verified_since(a_year_before(today or timezone.localdate()))

    def in_tier_order(self):
        """Each municipality's hikikomori windows before its general ones (see Tier)."""
        return self.order_by("municipality_id", "tier", "display_order")

    def local_first(self):
        """Local windows before Tokyo-wide ones: a resident looks for the windows near them first
        (the window_local_first index holds this order)."""
        return self.order_by("tokyo_wide", "municipality_id", "tier", "display_order")

    def for_listing(self):
        return self.published().select_related("municipality").in_tier_order()

    def local(self):
        return self.exclude(municipality_id=TOKYO_CODE)

    def tokyo_wide(self):
        return self.filter(municipality_id=TOKYO_CODE)

    def support_net(self):
        """The Tokyo Hikikomori Support-Net: Tokyo's primary window, the fallback on every page."""
        return (
            self.published()
            .filter(tier=Tier.HIKIKOMORI)
            .select_related("municipality")
            .tokyo_wide()
            .order_by("display_order")
            .first()
        )

    def offering(self, methods):
        return self.filter(**{method_field(m): True for m in methods})

    def for_who(self, who):
        return self.filter(**{target_field(who): True})

    def admitting_age(self, age):
        """Windows whose stated age range admits `age`; an unstated bound admits everyone."""
        return self.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )

    def matching_keywords(self, terms):
        """Every term in the window's folded names, or naming a town of its municipality."""
        towns = town_index()
        for term in terms:
            match = Q(search_text__contains=term)
            places = towns.municipalities_with_town(term)
            if places:
                match |= Q(municipality_id__in=sorted(places))
            self = self.filter(match)
        return self
