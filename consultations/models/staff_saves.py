"""A staff member saves a window: one workflow, whichever screen (the change form, the survey import).

Municipal staff propose what residents would see (WindowRevision) and save the rest at once,
which withdraws their pending proposal; whoever changes the verification date is stamped
as having verified; an edit during an open confirmation round confirms the window in it.
"""

from dataclasses import dataclass

from django.db import transaction
from simple_history.models import to_historic

from municipalities.roles import is_municipal

from .revisions import WITHDRAWN_BY_DIRECT_SAVE, WindowRevision
from .rounds import Confirmation, Item, Outcome, confirming_edit
from .windows import ConsultationWindow


@dataclass(frozen=True)
class StaffSave:
    """What saving did: stored the window, held it as a proposal, or neither (nothing changed)."""

    window: ConsultationWindow
    saved: bool = False
    proposal: WindowRevision | None = None
    # A pending proposal the save replaced by saving at once.
    withdrew_proposal: bool = False
    confirmation: Confirmation | None = None

    @property
    def proposed(self):
        return self.proposal is not None

    @property
    def unchanged(self):
        return not self.saved and not self.proposed


def save_as_staff(window, user, reason=""):
    """Save `window`'s unsaved values as `user` did, through review where needed; a StaffSave.

    Saving a copy with no change stores nothing (no new version, no history record), but a
    municipal user's save still withdraws their pending proposal: it says the window should
    stay as stored. An old version being restored from history is always stored.
    """
    with transaction.atomic():
        round_ = confirming_edit(window, user)
        if window.needs_review(user):
            proposal = WindowRevision.objects.propose(window, user)
            return StaffSave(
                proposal.window,
                proposal=proposal,
                confirmation=confirm(round_, user, Outcome.PROPOSED, proposal.window, proposal),
            )
        withdrew = bool(
            window.pk is not None
            and is_municipal(user)
            and WindowRevision.objects.withdraw(window, user, WITHDRAWN_BY_DIRECT_SAVE)
        )
        restoring = to_historic(window) is not None
        unsaved = window.unsaved_changes()
        if not restoring and not unsaved:
            return StaffSave(window, withdrew_proposal=withdrew)
        # An old version being restored keeps the name of whoever verified it.
        if "last_verified" in unsaved and not restoring:
            window.verified_by = user if window.last_verified else None
        window._history_user = user
        if reason:
            window._change_reason = reason
        window.save()
        return StaffSave(
            window,
            saved=True,
            withdrew_proposal=withdrew,
            confirmation=confirm(round_, user, Outcome.CHANGED, window),
        )


def confirm(round_, user, outcome, window, proposal=None):
    """Record the window as confirmed in `round_` by this edit (no round open: nothing)."""
    if round_ is None:
        return None
    return Confirmation.objects.record(
        round_, user, outcome, window.municipality, Item.WINDOW, window, proposal
    )
