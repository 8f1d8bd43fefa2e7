"""The one number a page offers first: what matters most to a worried parent on a phone.

Local where there is one, in the order of the tiers (a hikikomori window, then a general window
that can be asked by phone, then the municipality's switchboard), else the Support-Net, which
takes calls from anywhere in Tokyo. Each kind is shown as what it is, never as a higher one.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import cached_property

from municipalities.phone import Phone

from .models import Tier

# What the first number is: a window of one of the tiers (their names, lower case, for the
# template), the municipality's switchboard, or the Support-Net.
Kind = models.TextChoices(
    "Kind",
    [
        *((tier.name, tier.name.lower()) for tier in Tier),
        ("SWITCHBOARD", "switchboard"),
        ("SUPPORT_NET", "support_net"),
    ],
)


@dataclass(frozen=True)
class FirstCall(Phone):
    kind: str
    phone: str
    window: object = None  # the ConsultationWindow called, unless it is the switchboard
    municipality: object = None  # the Municipality whose switchboard it is
    # A hikikomori window is listed but has no number yet: the page says so beside this one.
    hikikomori_without_phone: bool = False

    @property
    def is_local(self):
        return self.kind != Kind.SUPPORT_NET


def first_call(municipality, windows, support_net):
    """The FirstCall for a page about `municipality` listing its published `windows`."""
    reachable = {window.tier for window in windows if window.phone}
    unreachable = Tier.HIKIKOMORI not in reachable and any(
        window.tier == Tier.HIKIKOMORI for window in windows
    )
    for tier in Tier:
        for window in windows:
            if window.tier == tier and window.phone:
                return FirstCall(Kind[tier.name], window.phone, window, None, unreachable)
    if municipality is not None and municipality.main_phone:
        return FirstCall(Kind.SWITCHBOARD, municipality.main_phone, None, municipality, unreachable)
    if support_net is not None and support_net.phone:
        return FirstCall(Kind.SUPPORT_NET, support_net.phone, support_net, None, unreachable)
    return None


@dataclass
class LocalWindows:
    """A municipality's published windows split by tier, with its switchboard and first call."""

    municipality: object
    windows: list
    support_net: object = None

    @cached_property
    def hikikomori(self):
        return [w for w in self.windows if w.tier == Tier.HIKIKOMORI]

    @cached_property
    def general(self):
        return [w for w in self.windows if w.tier == Tier.GENERAL]

    @property
    def switchboard(self):
        return self.municipality.main_phone

    @cached_property
    def first_call(self):
        return first_call(self.municipality, self.windows, self.support_net)
