"""A staff save has the same effect through the change form and through the survey import."""

import datetime

import pytest
from django.utils import timezone

from consultations.models import (
    Confirmation,
    ConfirmationRound,
    ConsultationWindow,
    Outcome,
    RevisionStatus,
    WindowRevision,
    window_values,
)
from tests.consultations.admin_helpers import form_data, propose, window_url
from tests.consultations.survey.test_admin_import_export import (
    column,
    export,
    import_file,
    read_csv,
    row_of,
    write_csv,
)
from tests.factories import WindowFactory

PHONE = "03-1111-1111"
NEW_PHONE = "03-2222-2222"


@pytest.fixture
def round_(metro_staff):
    return ConfirmationRound.objects.create(
        title="令和9年度 相談窓口の確認", deadline="2027-06-30", opened_by=metro_staff
    )


def twin_windows(municipality, **values):
    """Two windows alike but for their place in the list: one to save in each screen."""
    return [
        WindowFactory(
            municipality=municipality,
            name="ひきこもり相談",
            phone=PHONE,
            last_verified=datetime.date(2024, 4, 1),
            **values,
        )
        for _ in range(2)
    ]


def through_admin(client, window, phone, published):
    data = form_data(client.get(window_url("change", window.pk)))
    response = client.post(
        window_url("change", window.pk),
        {**data, "phone": phone, "published": "on" if published else ""},
    )
    assert response.status_code == 302, response.content.decode()


def through_import(client, window, phone, published):
    rows = read_csv(export(client))
    row = row_of(rows, window)
    row[column(rows, "電話番号")] = phone
    row[column(rows, "公開")] = "はい" if published else "いいえ"
    assert import_file(client, write_csv(rows)).status_code == 200


def effect(window):
    """What a save left behind: the stored window, its latest proposal, its round confirmation."""
    stored = ConsultationWindow.objects.get(pk=window.pk)
    values = {k: v for k, v in window_values(stored).items() if k != "display_order"}
    proposal = WindowRevision.objects.filter(window=window).order_by("pk").last()
    confirmed = Confirmation.objects.filter(window=window).first()
    return {
        "window": (values, stored.version, stored.verified_by),
        "proposal": proposal and (proposal.status, proposal.data["phone"], proposal.reason),
        "confirmation": confirmed and (confirmed.outcome, confirmed.revision_id is not None),
    }


def save_through_both(client, windows, phone, published):
    through_admin(client, windows[0], phone, published)
    through_import(client, windows[1], phone, published)
    return effect(windows[0]), effect(windows[1])


@pytest.mark.django_db
def test_a_municipal_change_to_a_published_window_is_proposed_and_confirms_it_either_way(
    client, round_, adachi, adachi_staff
):
    windows = twin_windows(adachi)
    client.force_login(adachi_staff)
    by_admin, by_import = save_through_both(client, windows, NEW_PHONE, published=True)
    assert by_admin == by_import
    assert by_admin["proposal"][:2] == (RevisionStatus.PENDING, NEW_PHONE)
    assert by_admin["confirmation"] == (Outcome.PROPOSED, True)


@pytest.mark.django_db
def test_a_municipal_change_to_a_draft_is_saved_verified_and_confirmed_either_way(
    client, round_, adachi, adachi_staff
):
    windows = twin_windows(adachi, published=False)
    client.force_login(adachi_staff)
    by_admin, by_import = save_through_both(client, windows, NEW_PHONE, published=False)
    assert by_admin == by_import
    values, _version, verified_by = by_admin["window"]
    assert (values["phone"], values["last_verified"], verified_by) == (
        NEW_PHONE,
        timezone.localdate().isoformat(),
        adachi_staff,
    )
    assert by_admin["confirmation"] == (Outcome.CHANGED, False)


@pytest.mark.django_db
def test_unpublishing_withdraws_the_pending_proposal_either_way(
    client, round_, adachi, adachi_staff
):
    windows = twin_windows(adachi)
    for window in windows:
        propose(window, adachi_staff, phone=NEW_PHONE)
    client.force_login(adachi_staff)
    by_admin, by_import = save_through_both(client, windows, PHONE, published=False)
    assert by_admin == by_import
    assert by_admin["proposal"][0] == RevisionStatus.SUPERSEDED
    assert by_admin["window"][0]["published"] is False
