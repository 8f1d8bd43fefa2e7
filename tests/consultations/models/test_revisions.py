"""The rules of review before publishing, on the models (the admin is in test_review_admin.py)."""

import datetime
import threading

import pytest
from django.db import connection

from consultations.models import (
    ConsultationWindow,
    ReviewError,
    RevisionStatus,
    WindowRevision,
)
from tests.consultations.admin_helpers import propose
from tests.factories import StaffFactory, WindowFactory


@pytest.fixture
def window(adachi):
    return WindowFactory(municipality=adachi, name="あだち相談", phone="03-1111-1111")


def stored(window):
    return ConsultationWindow.objects.get(pk=window.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "published_now, published_after, changes, expected",
    [
        (True, True, {"phone": "03-2222-2222"}, True),  # a change residents would see
        (False, True, {}, True),  # publishing a draft
        (True, False, {}, False),  # taking it off the public pages: a safety valve
        (False, False, {"phone": "03-2222-2222"}, False),  # a draft
        (True, True, {"staff_notes": "電話で確認"}, False),  # staff-only
        (
            True,
            True,
            {"last_verified": datetime.date(2025, 4, 1)},
            False,
        ),  # attests, changes no fact
        (True, True, {"staff_notes": "x", "hours": "土曜"}, True),  # mixed: all of it waits
        (True, True, {}, False),  # nothing changed
    ],
)
def test_a_municipal_save_needs_review_only_when_residents_would_see_it(
    window, adachi_staff, published_now, published_after, changes, expected
):
    ConsultationWindow.objects.filter(pk=window.pk).update(published=published_now)
    copy = stored(window)
    copy.published = published_after
    for name, value in changes.items():
        setattr(copy, name, value)
    assert copy.needs_review(adachi_staff) is expected


@pytest.mark.django_db
def test_metropolitan_saves_never_need_review(window, metro_staff):
    copy = stored(window)
    copy.phone = "03-2222-2222"
    assert copy.needs_review(metro_staff) is False


@pytest.mark.django_db
def test_a_new_public_window_is_saved_as_a_draft_with_a_publish_proposal(adachi, adachi_staff):
    new = ConsultationWindow(municipality=adachi, name="夜間窓口", display_order=7, published=True)
    revision = WindowRevision.objects.propose(new, adachi_staff)
    assert ConsultationWindow.objects.get(pk=revision.window_id).published is False
    assert revision.publishes and revision.kind == "公開の申請"


@pytest.mark.django_db
def test_a_new_proposal_supersedes_the_pending_one(window, adachi_staff):
    first = propose(window, adachi_staff, phone="03-2222-2222")
    second = propose(window, adachi_staff, phone="03-3333-3333")
    first.refresh_from_db()
    assert first.status == RevisionStatus.SUPERSEDED
    assert list(WindowRevision.objects.pending()) == [second]


@pytest.mark.django_db
def test_approval_applies_the_proposal_with_a_new_version_and_history(
    window, adachi_staff, metro_staff
):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    revision.approve(metro_staff)
    window.refresh_from_db()
    record = window.history.latest()
    assert (window.phone, window.version, revision.status) == ("03-2222-2222", 2, "approved")
    assert (
        record.history_user == metro_staff and adachi_staff.username in record.history_change_reason
    )


@pytest.mark.django_db
def test_approval_is_refused_when_residents_content_changed_since(
    window, adachi_staff, metro_staff
):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    later = stored(window)
    later.hours = "月〜金 9:00〜17:00"  # a field the proposal does not touch
    later.save()
    with pytest.raises(ReviewError, match="受付時間"):
        revision.approve(metro_staff)
    assert (stored(window).phone, stored(window).hours) == ("03-1111-1111", "月〜金 9:00〜17:00")
    assert WindowRevision.objects.get(pk=revision.pk).status == RevisionStatus.PENDING


@pytest.mark.django_db
def test_a_later_verification_does_not_block_approval_and_is_kept(
    window, adachi_staff, metro_staff
):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    later = stored(window)
    later.last_verified = datetime.date(2025, 4, 1)
    later.save()
    revision.approve(metro_staff)
    assert (stored(window).phone, stored(window).last_verified) == (
        "03-2222-2222",
        datetime.date(2025, 4, 1),
    )


@pytest.mark.django_db
def test_a_staff_only_field_changed_both_ways_blocks_approval(window, adachi_staff, metro_staff):
    revision = propose(window, adachi_staff, phone="03-2222-2222", staff_notes="申請者のメモ")
    later = stored(window)
    later.staff_notes = "都のメモ"
    later.save()
    with pytest.raises(ReviewError, match="職員用メモ"):
        revision.approve(metro_staff)


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_leaves_the_window_alone(window, adachi_staff, metro_staff):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    with pytest.raises(ReviewError):
        revision.reject(metro_staff, "  ")
    revision.reject(metro_staff, "番号の出典を添えてください")
    assert (revision.status, revision.reason) == ("rejected", "番号の出典を添えてください")
    assert stored(window).version == 1


@pytest.mark.django_db
def test_only_metropolitan_staff_decide_and_never_on_their_own_proposal(
    window, adachi, adachi_staff
):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    with pytest.raises(ReviewError, match="都職員だけ"):
        revision.approve(StaffFactory(municipality=adachi))
    # The proposer later moves to the metropolitan government.
    adachi_staff.staff_assignment.delete()
    promoted = type(adachi_staff).objects.get(pk=adachi_staff.pk)
    promoted.groups.set([StaffFactory().groups.get()])
    with pytest.raises(ReviewError, match="自分の申請"):
        revision.approve(promoted)
    assert stored(window).phone == "03-1111-1111"


@pytest.mark.django_db
def test_a_decided_proposal_cannot_be_decided_again(window, adachi_staff, metro_staff):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    revision.reject(metro_staff, "出典がありません")
    with pytest.raises(ReviewError, match="差し戻し"):
        revision.approve(metro_staff)


@pytest.mark.django_db
def test_approval_revalidates_against_the_window_as_it_is_now(adachi, adachi_staff, metro_staff):
    window = WindowFactory(municipality=adachi, display_order=1)
    revision = propose(window, adachi_staff, display_order=2)
    WindowFactory(municipality=adachi, display_order=2)
    with pytest.raises(ReviewError, match="承認できません"):
        revision.approve(metro_staff)


@pytest.mark.django_db
def test_the_changes_read_old_to_new_in_form_order(window, adachi_staff):
    revision = propose(window, adachi_staff, phone="03-2222-2222", method_email=True)
    assert revision.changes() == [
        ("電話番号", "03-1111-1111", "03-2222-2222"),
        ("メール相談", "未確認", "はい"),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
def test_two_racing_proposals_leave_exactly_one_pending(adachi):
    """Two editors save the same window at the same moment: both are recorded, one supersedes."""
    window = WindowFactory(municipality=adachi, phone="03-1111-1111")
    editors = [StaffFactory(municipality=adachi) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def save(user, phone):
        copy = stored(window)
        copy.phone = phone
        barrier.wait()
        try:
            WindowRevision.objects.propose(copy, user)
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(user, phone))
        for user, phone in zip(editors, ("03-2222-2222", "03-3333-3333"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert WindowRevision.objects.count() == 2 and WindowRevision.objects.pending().count() == 1
