"""Review before publishing in admin: municipal staff propose, metropolitan staff approve or reject."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from consultations.models import ConsultationWindow, RevisionStatus, WindowRevision
from municipalities.roles import METRO_GROUP, MUNICIPAL_GROUP
from tests.consultations.admin_helpers import change_data, form_data, propose, window_url
from tests.factories import StaffFactory, WindowFactory

PROPOSED = "変更を申請しました。都職員の承認後に公開されます。"


@pytest.fixture
def window(adachi):
    return WindowFactory(municipality=adachi, name="あだち相談", phone="03-1111-1111")


@pytest.fixture
def toshima_window(toshima):
    return WindowFactory(municipality=toshima, name="としま相談")


def revision_url(name, *args):
    return reverse(f"admin:consultations_windowrevision_{name}", args=args)


def public_page(window):
    return Client().get(window.get_absolute_url()).content.decode()


def stored(window):
    return ConsultationWindow.objects.get(pk=window.pk)


def save_form(client, window, **changes):
    """Open the change page and save it with `changes`, as a browser would."""
    data = form_data(client.get(window_url("change", window.pk)))
    return client.post(window_url("change", window.pk), {**data, **changes}, follow=True)


@pytest.mark.django_db
def test_a_municipal_change_to_a_published_window_is_held_and_residents_see_the_approved_one(
    client, adachi_staff, window
):
    client.force_login(adachi_staff)
    response = save_form(client, window, phone="03-2222-2222")
    assert PROPOSED in response.content.decode()
    assert (stored(window).phone, stored(window).version) == ("03-1111-1111", 1)
    assert "03-1111-1111" in public_page(window) and "03-2222-2222" not in public_page(window)
    assert WindowRevision.objects.pending().get().data["phone"] == "03-2222-2222"


@pytest.mark.django_db
def test_the_municipal_change_page_shows_the_pending_proposal_old_to_new(
    client, adachi_staff, window
):
    propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(adachi_staff)
    response = client.get(window_url("change", window.pk))
    page = response.content.decode()
    assert "承認待ちの変更の申請があります" in page
    assert '<th scope="row">電話番号</th><td class="review-old">03-1111-1111</td>' in page
    assert '<td class="review-new">03-2222-2222</td>' in page
    assert response.context["adminform"].form["phone"].value() == "03-2222-2222"


@pytest.mark.django_db
def test_saving_again_replaces_the_pending_proposal_and_keeps_its_changes(
    client, adachi_staff, window
):
    first = propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(adachi_staff)
    save_form(client, window, hours="土曜 10:00〜")
    first.refresh_from_db()
    pending = WindowRevision.objects.pending().get()
    assert first.status == RevisionStatus.SUPERSEDED
    assert (pending.data["phone"], pending.data["hours"]) == ("03-2222-2222", "土曜 10:00〜")


@pytest.mark.django_db
def test_the_user_is_told_when_their_edit_is_added_to_a_pending_proposal(
    client, adachi_staff, window
):
    propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(adachi_staff)
    response = client.post(
        window_url("change", window.pk),
        form_data(client.get(window_url("change", window.pk))) | {"hours": "土曜 10:00〜"},
        follow=True,
    )
    assert "承認待ちだった申請（" in response.content.decode()
    assert "今回の変更を加え、合わせて1件の申請にしました。" in response.content.decode()


@pytest.mark.django_db
def test_a_proposal_is_logged_as_a_proposal_not_as_a_change(client, adachi_staff, window):
    client.force_login(adachi_staff)
    data = form_data(client.get(window_url("change", window.pk))) | {"hours": "土曜 10:00〜"}
    client.post(window_url("change", window.pk), data)
    entry = LogEntry.objects.get()
    revision = WindowRevision.objects.pending().get()
    assert (entry.is_addition(), entry.get_change_message()) == (True, "変更の申請（承認待ち）")
    assert entry.get_admin_url() == reverse(
        "admin:consultations_ownrevision_change", args=[revision.pk]
    )


@pytest.mark.django_db
def test_a_first_proposal_says_nothing_about_adding(client, adachi_staff, window):
    client.force_login(adachi_staff)
    response = client.post(
        window_url("change", window.pk),
        form_data(client.get(window_url("change", window.pk))) | {"hours": "土曜 10:00〜"},
        follow=True,
    )
    assert PROPOSED in response.content.decode()
    assert "合わせて1件の申請" not in response.content.decode()


@pytest.mark.django_db
def test_a_colleagues_proposal_made_meanwhile_is_not_silently_replaced(client, adachi, window):
    sato, suzuki = StaffFactory(municipality=adachi), StaffFactory(municipality=adachi)
    client.force_login(suzuki)
    opened = form_data(client.get(window_url("change", window.pk)))
    colleagues = propose(window, sato, phone="03-2222-2222")
    response = client.post(window_url("change", window.pk), {**opened, "hours": "土曜"})
    assert response.status_code == 200
    assert "さんがこの窓口の変更を申請しました" in response.content.decode()
    assert list(WindowRevision.objects.pending()) == [colleagues]


@pytest.mark.django_db
def test_municipal_staff_take_a_window_off_the_public_pages_at_once(client, adachi_staff, window):
    pending = propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(adachi_staff)
    response = save_form(client, window, published="")
    assert stored(window).published is False
    pending.refresh_from_db()
    assert pending.status == RevisionStatus.SUPERSEDED
    assert "申請を取り下げました" in response.content.decode()


@pytest.mark.django_db
def test_publishing_a_draft_is_a_proposal(client, adachi_staff, window):
    ConsultationWindow.objects.filter(pk=window.pk).update(published=False)
    client.force_login(adachi_staff)
    response = save_form(client, window, published="on", method_phone="true")
    assert "公開を申請しました" in response.content.decode()
    assert stored(window).published is False
    assert WindowRevision.objects.pending().get().kind == "公開の申請"


@pytest.mark.django_db
def test_a_new_window_marked_public_is_saved_as_a_draft_and_proposed(client, adachi_staff, adachi):
    client.force_login(adachi_staff)
    data = change_data(
        ConsultationWindow(municipality=adachi, name="夜間窓口", display_order=5),
        published="on",
        method_phone="true",
        target_family="true",
    )
    response = client.post(window_url("add"), data, follow=True)
    new = ConsultationWindow.objects.get(name="夜間窓口")
    assert "下書き（非公開）として保存し、公開を申請しました" in response.content.decode()
    assert new.published is False and new.revisions.get().publishes


@pytest.mark.django_db
def test_staff_notes_alone_save_at_once_on_a_published_window(client, adachi_staff, window):
    client.force_login(adachi_staff)
    save_form(client, window, staff_notes="4月に電話で確認")
    assert stored(window).staff_notes == "4月に電話で確認"
    assert not WindowRevision.objects.exists()


@pytest.mark.django_db
def test_metropolitan_edits_publish_at_once(client, metro_staff, window):
    client.force_login(metro_staff)
    save_form(client, window, phone="03-2222-2222")
    assert stored(window).phone == "03-2222-2222"
    assert "03-2222-2222" in public_page(window)
    assert not WindowRevision.objects.exists()


@pytest.mark.django_db
def test_metropolitan_staff_approve_on_the_review_page_and_history_records_who(
    client, adachi_staff, metro_staff, window
):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(metro_staff)
    page = client.get(revision_url("change", revision.pk)).content.decode()
    assert "03-1111-1111" in page and "03-2222-2222" in page
    response = client.post(revision_url("change", revision.pk), {"decision": "approve"})
    assert response.status_code == 302
    assert "03-2222-2222" in public_page(window)
    record = stored(window).history.latest()
    assert (record.history_user, stored(window).version) == (metro_staff, 2)


@pytest.mark.django_db
def test_rejection_without_a_reason_is_refused(client, adachi_staff, metro_staff, window):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(metro_staff)
    response = client.post(revision_url("change", revision.pk), {"decision": "reject"})
    assert response.status_code == 400
    assert "理由を書いてください" in response.content.decode()
    assert WindowRevision.objects.get(pk=revision.pk).is_pending


@pytest.mark.django_db
def test_a_rejection_keeps_the_public_page_and_the_municipal_user_reads_why(
    client, adachi_staff, metro_staff, window
):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(metro_staff)
    client.post(
        revision_url("change", revision.pk),
        {"decision": "reject", "reason": "新しい番号の出典 URL を添えてください。"},
    )
    assert "03-1111-1111" in public_page(window) and "03-2222-2222" not in public_page(window)
    client.force_login(adachi_staff)
    page = client.get(window_url("change", window.pk)).content.decode()
    assert "前回の申請は差し戻されました" in page
    assert "新しい番号の出典 URL を添えてください。" in page
    assert '<td class="review-new">03-2222-2222</td>' in page  # what they proposed, to redo


@pytest.mark.django_db
def test_a_stale_approval_is_refused_with_what_changed(client, adachi_staff, metro_staff, window):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(metro_staff)
    save_form(client, window, phone="03-9999-9999")
    response = client.post(revision_url("change", revision.pk), {"decision": "approve"})
    assert response.status_code == 409
    assert "承認できません" in response.content.decode() and "電話番号" in response.content.decode()
    assert stored(window).phone == "03-9999-9999"
    assert WindowRevision.objects.get(pk=revision.pk).is_pending


@pytest.mark.django_db
def test_the_review_page_offers_only_rejection_for_a_stale_proposal(
    client, adachi_staff, metro_staff, window
):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(metro_staff)
    save_form(client, window, hours="土曜")
    page = client.get(revision_url("change", revision.pk)).content.decode()
    assert 'value="approve"' not in page and 'value="reject"' in page


@pytest.mark.django_db
def test_bulk_approval_applies_each_and_reports_the_refused(
    client, adachi_staff, metro_staff, window, adachi
):
    other = WindowFactory(municipality=adachi, name="第二窓口")
    fine = propose(window, adachi_staff, phone="03-2222-2222")
    stale = propose(other, adachi_staff, phone="03-3333-3333")
    ConsultationWindow.objects.get(pk=other.pk).save()  # content unchanged: not a conflict
    later = stored(other)
    later.hours = "土曜"
    later.save()
    client.force_login(metro_staff)
    response = client.post(
        revision_url("changelist"),
        {"action": "approve_selected", "_selected_action": [fine.pk, stale.pk]},
        follow=True,
    )
    assert stored(window).phone == "03-2222-2222" and stored(other).phone != "03-3333-3333"
    assert "1件の申請を承認しました" in response.content.decode()
    assert "第二窓口" in response.content.decode()


@pytest.mark.django_db
def test_bulk_rejection_asks_for_a_reason_first(client, adachi_staff, metro_staff, window):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(metro_staff)
    selected = {"action": "reject_selected", "_selected_action": [revision.pk]}
    asked = client.post(revision_url("changelist"), selected)
    assert asked.status_code == 200 and "差し戻す理由" in asked.content.decode()
    client.post(
        revision_url("changelist"), {**selected, "apply": "1", "reason": "出典がありません"}
    )
    revision.refresh_from_db()
    assert (revision.status, revision.reason) == ("rejected", "出典がありません")


@pytest.mark.django_db
def test_the_queue_opens_on_pending_proposals(client, adachi_staff, metro_staff, window, adachi):
    decided = propose(WindowFactory(municipality=adachi), adachi_staff, phone="03-2222-2222")
    decided.reject(metro_staff, "出典がありません")
    pending = propose(window, adachi_staff, phone="03-3333-3333")
    client.force_login(metro_staff)
    assert list(client.get(revision_url("changelist")).context["cl"].result_list) == [pending]
    everything = client.get(revision_url("changelist"), {"status": "all"})
    assert set(everything.context["cl"].result_list) == {pending, decided}


@pytest.mark.django_db
def test_the_queue_filters_by_municipality_as_the_overview_links_it(
    client, adachi_staff, metro_staff, window, toshima_window, toshima
):
    propose(window, adachi_staff, phone="03-2222-2222")
    theirs = propose(toshima_window, StaffFactory(municipality=toshima), phone="03-3333-3333")
    client.force_login(metro_staff)
    response = client.get(revision_url("changelist"), {"municipality__code__exact": "131164"})
    assert list(response.context["cl"].result_list) == [theirs]


@pytest.mark.django_db
def test_municipal_staff_cannot_reach_a_proposal_by_any_path(client, adachi, adachi_staff, window):
    revision = propose(window, StaffFactory(municipality=adachi), phone="03-2222-2222")
    client.force_login(adachi_staff)
    assert client.get(revision_url("changelist")).status_code == 403
    assert client.get(revision_url("change", revision.pk)).status_code == 403
    assert (
        client.post(revision_url("change", revision.pk), {"decision": "approve"}).status_code == 403
    )
    bulk = {"action": "approve_selected", "_selected_action": [revision.pk]}
    assert client.post(revision_url("changelist"), bulk).status_code == 403
    assert stored(window).phone == "03-1111-1111"
    assert WindowRevision.objects.get(pk=revision.pk).is_pending


@pytest.mark.django_db
def test_a_municipal_user_with_review_permissions_by_mistake_still_cannot_review(
    client, adachi, adachi_staff, window
):
    adachi_staff.user_permissions.add(
        *Permission.objects.filter(codename__endswith="windowrevision")
    )
    revision = propose(window, StaffFactory(municipality=adachi), phone="03-2222-2222")
    client.force_login(adachi_staff)
    assert (
        client.post(revision_url("change", revision.pk), {"decision": "approve"}).status_code == 403
    )
    assert stored(window).phone == "03-1111-1111"


@pytest.mark.django_db
def test_a_municipal_user_never_sees_another_municipalitys_proposals(
    client, adachi_staff, toshima, toshima_window, window
):
    propose(toshima_window, StaffFactory(municipality=toshima), phone="03-3333-3333")
    client.force_login(adachi_staff)
    assert client.get(window_url("change", toshima_window.pk)).status_code == 302
    own = client.get(window_url("change", window.pk))
    assert own.context["pending_revision"] is None
    assert "03-3333-3333" not in own.content.decode()


@pytest.mark.django_db
def test_the_review_groups_have_the_right_permissions(db):
    def codes(group):
        return set(
            Group.objects.get(name=group)
            .permissions.filter(codename__endswith="windowrevision")
            .values_list("codename", flat=True)
        )

    assert codes(METRO_GROUP) == {"view_windowrevision", "change_windowrevision"}
    assert codes(MUNICIPAL_GROUP) == set()


@pytest.mark.django_db
def test_municipal_staff_can_delete_a_window_with_a_pending_proposal(client, adachi_staff, window):
    propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(adachi_staff)
    client.post(window_url("delete", window.pk), {"post": "yes"})
    assert not ConsultationWindow.objects.filter(pk=window.pk).exists()


@pytest.mark.django_db
def test_the_municipality_inline_is_read_only_for_municipal_staff(client, adachi_staff, window):
    client.force_login(adachi_staff)
    response = client.get(reverse("admin:municipalities_municipality_change", args=["131211"]))
    formset = response.context["inline_admin_formsets"][0]
    assert not formset.has_change_permission and not formset.has_add_permission


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user, shown", [("adachi_staff", "承認待ち"), ("metro_staff", "承認待ち</a>")]
)
def test_the_window_list_marks_windows_awaiting_approval(
    request, client, adachi_staff, window, user, shown
):
    propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(request.getfixturevalue(user))
    assert shown in client.get(window_url("changelist")).content.decode()


@pytest.mark.django_db
def test_the_review_pages_have_one_h1_and_no_inline_styles(
    client, adachi_staff, metro_staff, window
):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(metro_staff)
    for url in (revision_url("change", revision.pk), revision_url("changelist")):
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1 and "style=" not in html and "<script>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("proposals", [1, 6])
def test_the_queue_takes_the_same_queries_however_many_proposals(
    client, adachi, adachi_staff, metro_staff, proposals, django_assert_max_num_queries
):
    for window in WindowFactory.create_batch(proposals, municipality=adachi):
        propose(window, adachi_staff, phone="03-2222-2222")
    client.force_login(metro_staff)
    # Session, user, scope (assignment, group), permissions, then the page's own queries.
    with django_assert_max_num_queries(11):
        response = client.get(revision_url("changelist"))
    assert len(response.context["cl"].result_list) == proposals


@pytest.mark.django_db
def test_reverting_a_published_window_to_an_old_version_is_a_proposal_too(
    client, adachi_staff, metro_staff, window
):
    client.force_login(metro_staff)
    save_form(client, window, phone="03-2222-2222")
    first = stored(window).history.get(version=1)
    client.force_login(adachi_staff)
    url = window_url("simple_history", window.pk, first.history_id)
    response = client.post(url, form_data(client.get(url)), follow=True)
    assert PROPOSED in response.content.decode()
    assert stored(window).phone == "03-2222-2222"
    assert WindowRevision.objects.pending().get().data["phone"] == "03-1111-1111"


@pytest.mark.django_db
def test_restoring_a_deleted_published_window_asks_to_publish_it_again(
    client, adachi_staff, window
):
    client.force_login(adachi_staff)
    client.post(window_url("delete", window.pk), {"post": "yes"})
    deletion = window.history.get(history_type="-")
    url = window_url("simple_history", window.pk, deletion.history_id)
    client.post(url, form_data(client.get(url)))
    assert stored(window).published is False
    assert WindowRevision.objects.pending().get(window_id=window.pk).publishes


@pytest.mark.django_db
def test_a_posted_proposal_id_reveals_nothing_of_another_municipalitys_decisions(
    client, adachi_staff, toshima, toshima_window, window
):
    theirs = propose(toshima_window, StaffFactory(municipality=toshima), phone="03-3333-3333")
    theirs.reject(StaffFactory(username="toshima_reviewer"), "豊島区の内部事情による差し戻し")
    client.force_login(adachi_staff)
    shown = form_data(client.get(window_url("change", window.pk)))
    response = client.post(
        window_url("change", window.pk),
        {**shown, "phone": "03-2222-2222", "pending_proposal": theirs.pk},
    )
    page = response.content.decode()
    assert "豊島区の内部事情" not in page and "toshima_reviewer" not in page
    assert not WindowRevision.objects.filter(window=window).exists()
