"""自分の申請: a municipal user sees what they proposed and what became of it, with the reasons."""

import pytest
from django.urls import reverse

from tests.consultations.admin_helpers import propose
from tests.factories import StaffFactory, WindowFactory

MINE = "/admin/consultations/ownrevision/"


def own_url(revision):
    return reverse("admin:consultations_ownrevision_change", args=[revision.pk])


@pytest.fixture
def decided(adachi, adachi_staff, metro_staff):
    """One pending, one approved and one rejected proposal of adachi_staff."""
    pending = propose(WindowFactory(municipality=adachi, name="待ち"), adachi_staff, fee="無料")
    approved = propose(WindowFactory(municipality=adachi, name="承認"), adachi_staff, fee="無料")
    approved.approve(metro_staff)
    rejected = propose(
        WindowFactory(municipality=adachi, name="差し戻し"), adachi_staff, fee="有料"
    )
    rejected.reject(metro_staff, "費用の出典を添えてください")
    return pending, approved, rejected


@pytest.mark.django_db
def test_the_list_shows_pending_approved_and_rejected_with_the_reason(
    client, adachi_staff, decided
):
    client.force_login(adachi_staff)
    html = client.get(MINE).content.decode()
    for state in ("承認待ち", "承認済み", "差し戻し"):
        assert state in html
    assert "費用の出典を添えてください" in html
    assert "<h1>自分の申請</h1>" in html


@pytest.mark.django_db
def test_a_colleagues_proposals_are_not_listed(client, adachi, adachi_staff, decided):
    colleague = StaffFactory(municipality=adachi)
    client.force_login(colleague)
    response = client.get(MINE)
    assert len(response.context["cl"].result_list) == 0
    assert client.get(own_url(decided[0])).status_code == 302  # "does not exist": back to the list


@pytest.mark.django_db
def test_a_proposal_opens_read_only_with_what_it_changes(client, adachi_staff, decided):
    client.force_login(adachi_staff)
    html = client.get(own_url(decided[2])).content.decode()
    assert "費用の出典を添えてください" in html
    assert "承認して公開する" not in html
    response = client.post(own_url(decided[0]), {"decision": "approve"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_rejected_filter_leaves_out_what_was_proposed_again(
    client, adachi, adachi_staff, metro_staff, decided
):
    window = decided[2].window
    propose(window, adachi_staff, fee="無料（出典あり）")
    client.force_login(adachi_staff)
    rejected = client.get(MINE, {"status": "rejected"}).context["cl"].result_list
    still_open = client.get(MINE, {"status": "rejected_open"}).context["cl"].result_list
    assert (len(rejected), len(still_open)) == (1, 0)


@pytest.mark.django_db
def test_metropolitan_staff_do_not_have_the_list(client, metro_staff):
    client.force_login(metro_staff)
    assert client.get(MINE).status_code == 403
