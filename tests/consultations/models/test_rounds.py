"""The annual confirmation round (確認依頼): what counts as confirmed, who confirms, progress."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultations.models import (
    Confirmation,
    ConfirmationRound,
    Item,
    Outcome,
    RoundError,
    RoundState,
    Tier,
    progress_of,
)
from municipalities.models import Municipality
from tests.consultations.admin_helpers import propose
from tests.factories import StaffFactory, WindowFactory

DEADLINE = datetime.date(2027, 6, 30)


@pytest.fixture
def round_(metro_staff):
    return ConfirmationRound.objects.create(
        title="令和9年度 相談窓口の確認", deadline=DEADLINE, opened_by=metro_staff
    )


def answer_requirements(municipality):
    Municipality.objects.filter(pk=municipality.pk).update(
        lead_department="福祉部", needs_survey_done=True, platform_established=False
    )
    return Municipality.objects.get(pk=municipality.pk)


def progress(round_, municipality):
    annotated = round_.with_progress(Municipality.objects.filter(pk=municipality.pk)).get()
    return progress_of(annotated)


@pytest.mark.django_db
def test_only_one_round_is_open_at_a_time(round_):
    second = ConfirmationRound(title="もう一つ", deadline=DEADLINE)
    with pytest.raises(ValidationError, match="受付中の確認依頼がすでにあります"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


@pytest.mark.django_db
def test_the_current_round_is_the_open_one(round_):
    assert ConfirmationRound.objects.current() == round_
    ConfirmationRound.objects.filter(pk=round_.pk).update(is_open=False)
    assert ConfirmationRound.objects.current() is None


@pytest.mark.django_db
def test_confirming_a_window_unchanged_sets_its_verification_and_says_so_in_history(
    round_, adachi, adachi_staff
):
    window = WindowFactory(municipality=adachi, last_verified=datetime.date(2020, 4, 1))
    round_.confirm_unchanged(adachi_staff, adachi, Item.WINDOW, window)
    window.refresh_from_db()
    assert (window.last_verified, window.verified_by) == (timezone.localdate(), adachi_staff)
    latest = window.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        adachi_staff,
        "確認依頼「令和9年度 相談窓口の確認」: 内容に変更なし",
    )
    confirmation = Confirmation.objects.get()
    assert (confirmation.outcome, confirmation.confirmed_by) == (Outcome.UNCHANGED, adachi_staff)


@pytest.mark.django_db
def test_confirming_again_replaces_the_earlier_confirmation(round_, adachi, adachi_staff):
    window = WindowFactory(municipality=adachi)
    round_.confirm_unchanged(adachi_staff, adachi, Item.WINDOW, window)
    window.refresh_from_db()
    round_.confirm_unchanged(adachi_staff, adachi, Item.WINDOW, window)
    assert Confirmation.objects.count() == 1


@pytest.mark.django_db
def test_only_the_municipalitys_own_staff_confirm_its_items(round_, adachi, toshima, metro_staff):
    window = WindowFactory(municipality=adachi)
    for user in (metro_staff, StaffFactory(municipality=toshima)):
        with pytest.raises(RoundError, match="足立区の職員が行います"):
            round_.confirm_unchanged(user, adachi, Item.WINDOW, window)
    assert not Confirmation.objects.exists()


@pytest.mark.django_db
def test_a_closed_round_takes_no_confirmations(round_, adachi, adachi_staff):
    round_.is_open = False
    round_.save()
    with pytest.raises(RoundError, match="締め切られています"):
        round_.confirm_unchanged(adachi_staff, adachi, Item.CONTACT)


@pytest.mark.django_db
def test_the_requirements_are_not_confirmed_unchanged_while_any_is_unknown(
    round_, adachi, adachi_staff
):
    with pytest.raises(
        RoundError, match="主管部署、実態把握（ニーズ調査）の実施、支援プラットフォームの設置"
    ):
        round_.confirm_unchanged(adachi_staff, adachi, Item.REQUIREMENTS)
    answered = answer_requirements(adachi)
    round_.confirm_unchanged(adachi_staff, answered, Item.REQUIREMENTS)
    assert Confirmation.objects.get().item == Item.REQUIREMENTS


@pytest.mark.django_db
def test_every_window_of_both_tiers_published_or_not_is_on_the_checklist(round_, adachi):
    WindowFactory(municipality=adachi, name="ひきこもり相談")
    WindowFactory(municipality=adachi, name="自立相談", tier=Tier.GENERAL, published=False)
    WindowFactory(name="ほかの区市町村の窓口")
    checklist = round_.checklist(adachi)
    assert [(item.item, item.name) for item in checklist.items] == [
        (Item.WINDOW, "ひきこもり相談"),
        (Item.WINDOW, "自立相談"),
        (Item.CONTACT, "足立区の代表の連絡先（代表電話・公式サイト）"),
        (Item.REQUIREMENTS, "足立区の国の要件・地域の状況（主管部署・実態把握・プラットフォーム）"),
    ]


@pytest.mark.django_db
def test_the_checklist_names_what_the_overview_shows_as_unknown(round_, adachi):
    WindowFactory(municipality=adachi, target_family=None, support_net_visit=None)
    window_item, _, requirements_item = round_.checklist(adachi).items
    assert window_item.unknowns == ("ご家族の相談", "サポートネット訪問相談の受付")
    assert "ひきこもり支援の主管部署" in requirements_item.unknowns


@pytest.mark.django_db
def test_progress_goes_from_not_started_through_partly_to_done(round_, adachi, adachi_staff):
    window = WindowFactory(municipality=adachi)
    assert progress(round_, adachi).state == RoundState.NOT_STARTED
    round_.confirm_unchanged(adachi_staff, adachi, Item.WINDOW, window)
    assert (progress(round_, adachi).state, progress(round_, adachi).label) == (
        RoundState.PARTLY,
        "一部（1/3）",
    )
    round_.confirm_unchanged(adachi_staff, adachi, Item.CONTACT)
    round_.confirm_unchanged(adachi_staff, answer_requirements(adachi), Item.REQUIREMENTS)
    assert progress(round_, adachi) == round_.checklist(adachi).progress
    assert progress(round_, adachi).state == RoundState.DONE


@pytest.mark.django_db
def test_a_municipality_without_windows_still_confirms_its_contact_details_and_requirements(
    round_, adachi
):
    assert progress(round_, adachi).total == 2


@pytest.mark.django_db
def test_a_rejected_proposal_opens_the_item_again(round_, adachi, adachi_staff, metro_staff):
    window = WindowFactory(municipality=adachi)
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    Confirmation.objects.record(
        round_, adachi_staff, Outcome.PROPOSED, adachi, Item.WINDOW, window, revision
    )
    assert progress(round_, adachi).waiting == 1
    revision.reject(metro_staff, "出典がありません")
    assert (progress(round_, adachi).done, progress(round_, adachi).waiting) == (0, 0)
    [item, *_] = round_.checklist(adachi).items
    assert item.rejected and not item.done


@pytest.mark.django_db
def test_an_approved_proposal_still_counts(round_, adachi, adachi_staff, metro_staff):
    window = WindowFactory(municipality=adachi)
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    Confirmation.objects.record(
        round_, adachi_staff, Outcome.PROPOSED, adachi, Item.WINDOW, window, revision
    )
    revision.approve(metro_staff)
    assert progress(round_, adachi).done == 1


@pytest.mark.django_db
def test_a_window_confirmed_only_by_a_pending_proposal_is_awaiting_approval_not_done(
    round_, adachi, adachi_staff
):
    window = WindowFactory(municipality=adachi)
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    Confirmation.objects.record(
        round_, adachi_staff, Outcome.PROPOSED, adachi, Item.WINDOW, window, revision
    )
    assert (progress(round_, adachi).done, progress(round_, adachi).label) == (
        0,
        "一部（0/3、承認待ち1）",
    )
    [item, *_] = round_.checklist(adachi).items
    assert item.awaiting and not item.done and item not in round_.checklist(adachi).left


@pytest.mark.django_db
def test_a_municipality_whose_last_items_await_approval_is_waiting_not_done(
    round_, adachi, adachi_staff
):
    window = WindowFactory(municipality=adachi)
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    Confirmation.objects.record(
        round_, adachi_staff, Outcome.PROPOSED, adachi, Item.WINDOW, window, revision
    )
    round_.confirm_unchanged(adachi_staff, adachi, Item.CONTACT)
    round_.confirm_unchanged(adachi_staff, answer_requirements(adachi), Item.REQUIREMENTS)
    assert progress(round_, adachi) == round_.checklist(adachi).progress
    assert (progress(round_, adachi).state, progress(round_, adachi).label) == (
        RoundState.WAITING,
        "承認待ち（2/3）",
    )
