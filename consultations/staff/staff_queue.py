"""What waits for the signed-in staff member: the counts on the admin index, and the round.

Every count is scoped like the list it links to (municipalities.roles), so a number on the
index is always the number of rows the link shows.
"""

from dataclasses import dataclass

from django.urls import reverse

from municipalities.models import Municipality
from municipalities.roles import is_metro, is_municipal, staff_municipality

from ..models import (
    ConfirmationRound,
    ConsultationWindow,
    ErrorReport,
    ReportStatus,
    RevisionStatus,
    RoundState,
    WindowRevision,
    progress_of,
)


@dataclass(frozen=True)
class Waiting:
    label: str
    count: int
    url: str


def admin_list(model_name, query=""):
    return reverse(f"admin:consultations_{model_name}_changelist") + query


def waiting_for(user):
    """[Waiting] for `user`: what a 都職員 or a municipal staff member has to act on."""
    if not (is_metro(user) or is_municipal(user)):
        return []
    if is_metro(user):
        pending = WindowRevision.objects.pending().count()
        lines = [Waiting("承認待ちの変更申請", pending, admin_list("windowrevision"))]
    else:
        lines = own_proposals(user)
    reports = ErrorReport.objects.visible_to(user)
    new = reports.filter(status=ReportStatus.NEW).count()
    mine = reports.filter(status=ReportStatus.IN_PROGRESS, assigned_to=user).count()
    stale = ConsultationWindow.objects.editable_by(user).needing_verification().count()
    return [
        *lines,
        Waiting("未対応の誤りの報告", new, admin_list("errorreport", "?status__exact=new")),
        Waiting(
            "自分が担当している対応中の報告",
            mine,
            admin_list("errorreport", "?status__exact=in_progress&assigned=me"),
        ),
        Waiting(
            "最終確認日が12か月より前か空欄の窓口",
            stale,
            admin_list("consultationwindow", "?verified=stale"),
        ),
    ]


def own_proposals(user):
    """A municipal user's proposals that came back rejected, and those still waiting."""
    own = WindowRevision.objects.filter(proposed_by=user)
    rejected = own.filter(status=RevisionStatus.REJECTED).not_followed_up().count()
    return [
        Waiting(
            "差し戻された申請（まだ出し直していないもの）",
            rejected,
            admin_list("ownrevision", "?status=rejected_open"),
        ),
        Waiting(
            "承認待ちの自分の申請",
            own.pending().count(),
            admin_list("ownrevision", "?status=pending"),
        ),
    ]


def round_context(user):
    """The open round: its checklist for municipal staff, where the 62 stand for 都職員."""
    round_ = ConfirmationRound.objects.current()
    if round_ is None or not (is_metro(user) or is_municipal(user)):
        return {"confirmation_round": round_}
    if is_metro(user):
        states = [progress_of(m).state for m in round_.with_progress(Municipality.objects.local())]
        return {
            "confirmation_round": round_,
            "round_states": [(state, states.count(state)) for state in RoundState],
        }
    municipality = Municipality.objects.local().filter(code=staff_municipality(user)).first()
    checklist = round_.checklist(municipality) if municipality else None
    return {"confirmation_round": round_, "checklist": checklist, "can_confirm": True}


def scope_of(user):
    """Whose data the signed-in user keeps, named at the top of the admin index (issue 22):
    a municipality's name for its staff, 東京都 for 都職員, nothing for anyone else."""
    if is_metro(user):
        return "東京都（都職員：62区市町村すべて）"
    if is_municipal(user):
        municipality = Municipality.objects.filter(code=staff_municipality(user)).first()
        return municipality.name if municipality else None
    return None


def index_context(request):
    return {
        "scope": scope_of(request.user),
        "waiting": waiting_for(request.user),
        "next": request.get_full_path(),
        "keeps_all": is_metro(request.user),
        **round_context(request.user),
    }
