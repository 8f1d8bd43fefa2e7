"""A municipality's contact details (代表電話, 公式サイト) change for residents only with approval."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from consultations.models import RevisionStatus, WindowRevision
from municipalities.models import Municipality
from tests.consultations.admin_helpers import form_data, municipality_url
from tests.factories import StaffFactory, WindowFactory

PROPOSED = "代表の連絡先の変更を申請しました。都職員の承認後に公開されます。"


@pytest.fixture
def adachi_contact(adachi):
    Municipality.objects.filter(pk=adachi.pk).update(
        main_phone="03-3880-5111", website="https://www.city.adachi.tokyo.jp/"
    )
    return Municipality.objects.get(pk=adachi.pk)


def revision_url(name, *args):
    return reverse(f"admin:consultations_windowrevision_{name}", args=args)


def public_page(municipality):
    return Client().get(municipality.get_absolute_url()).content.decode()


def save_contact(client, user, municipality, **changes):
    client.force_login(user)
    shown = form_data(client.get(municipality_url("change", municipality.code)))
    return client.post(
        municipality_url("change", municipality.code), {**shown, **changes}, follow=True
    )


def stored(municipality):
    return Municipality.objects.get(pk=municipality.pk)


@pytest.mark.django_db
def test_a_municipal_change_of_the_main_phone_waits_and_residents_keep_the_approved_one(
    client, adachi_staff, adachi_contact
):
    response = save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    assert PROPOSED in response.content.decode()
    assert stored(adachi_contact).main_phone == "03-3880-5111"
    assert "03-3880-5111" in public_page(adachi_contact)
    assert "03-0000-0000" not in public_page(adachi_contact)
    assert WindowRevision.objects.pending().get(municipality=adachi_contact).changes() == [
        ("代表電話", "03-3880-5111", "03-0000-0000")
    ]


@pytest.mark.django_db
def test_a_municipal_change_of_the_website_waits_too(client, adachi_staff, adachi_contact):
    save_contact(client, adachi_staff, adachi_contact, website="https://example.jp/adachi")
    assert stored(adachi_contact).website == "https://www.city.adachi.tokyo.jp/"
    assert WindowRevision.objects.pending().get().data["website"] == "https://example.jp/adachi"


@pytest.mark.django_db
def test_staff_only_facts_on_the_same_form_still_save_at_once(client, adachi_staff, adachi_contact):
    save_contact(
        client, adachi_staff, adachi_contact, main_phone="03-0000-0000", lead_department="福祉課"
    )
    assert (stored(adachi_contact).lead_department, stored(adachi_contact).main_phone) == (
        "福祉課",
        "03-3880-5111",
    )


@pytest.mark.django_db
def test_contact_proposals_wait_in_the_same_queue_as_window_proposals(
    client, adachi, adachi_staff, metro_staff, adachi_contact
):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    window = WindowFactory(municipality=adachi, name="あだち相談")
    save_window = reverse("admin:consultations_consultationwindow_change", args=[window.pk])
    client.post(save_window, {**form_data(client.get(save_window)), "phone": "03-2222-2222"})
    client.force_login(metro_staff)
    queue = client.get(revision_url("changelist"))
    assert {r.subject_name for r in queue.context["cl"].result_list} == {
        "あだち相談",
        "足立区の代表の連絡先",
    }
    assert "代表電話" in queue.content.decode()


@pytest.mark.django_db
def test_approval_puts_the_new_number_on_the_public_page_and_in_history(
    client, adachi_staff, metro_staff, adachi_contact
):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    revision = WindowRevision.objects.pending().get()
    client.force_login(metro_staff)
    review = client.get(revision_url("change", revision.pk)).content.decode()
    assert '<td class="review-old">03-3880-5111</td><td class="review-new">03-0000-0000</td>' in (
        review
    )
    assert client.post(revision_url("change", revision.pk), {"decision": "approve"}).status_code
    assert "03-0000-0000" in public_page(adachi_contact)
    record = stored(adachi_contact).history.latest()
    assert record.history_user == metro_staff and record.main_phone == "03-0000-0000"
    assert "承認" in record.history_change_reason


@pytest.mark.django_db
def test_a_rejection_keeps_the_number_and_the_municipal_user_reads_why(
    client, adachi_staff, metro_staff, adachi_contact
):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    revision = WindowRevision.objects.pending().get()
    revision.reject(metro_staff, "新しい番号の出典を「連絡先の出典」に書いてください。")
    client.force_login(adachi_staff)
    page = client.get(municipality_url("change", adachi_contact.code)).content.decode()
    assert "前回の申請は差し戻されました" in page
    assert "新しい番号の出典を「連絡先の出典」に書いてください。" in page
    assert stored(adachi_contact).main_phone == "03-3880-5111"


@pytest.mark.django_db
def test_the_municipal_form_starts_from_the_pending_proposal(client, adachi_staff, adachi_contact):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    response = client.get(municipality_url("change", adachi_contact.code))
    assert response.context["adminform"].form["main_phone"].value() == "03-0000-0000"
    assert "承認待ちの連絡先の変更の申請があります" in response.content.decode()


@pytest.mark.django_db
def test_saving_the_form_again_unchanged_keeps_the_one_pending_proposal(
    client, adachi_staff, adachi_contact
):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    first = WindowRevision.objects.pending().get()
    save_contact(client, adachi_staff, adachi_contact, lead_department="福祉課")
    assert list(WindowRevision.objects.pending()) == [first]


@pytest.mark.django_db
def test_putting_the_approved_values_back_withdraws_the_proposal(
    client, adachi_staff, adachi_contact
):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-3880-5111")
    assert WindowRevision.objects.get().status == RevisionStatus.SUPERSEDED


@pytest.mark.django_db
def test_a_colleagues_contact_proposal_made_meanwhile_is_not_silently_replaced(
    client, adachi, adachi_contact
):
    sato, suzuki = StaffFactory(municipality=adachi), StaffFactory(municipality=adachi)
    client.force_login(suzuki)
    opened = form_data(client.get(municipality_url("change", adachi.code)))
    save_contact(Client(), sato, adachi_contact, main_phone="03-0000-0000")
    client.force_login(suzuki)
    response = client.post(
        municipality_url("change", adachi.code), {**opened, "main_phone": "03-1111-1111"}
    )
    assert response.status_code == 200 and "さんがこの" in response.content.decode()
    assert WindowRevision.objects.pending().get().data["main_phone"] == "03-0000-0000"


@pytest.mark.django_db
def test_metropolitan_staff_change_contact_details_at_once(client, metro_staff, adachi_contact):
    save_contact(client, metro_staff, adachi_contact, main_phone="03-0000-0000")
    assert stored(adachi_contact).main_phone == "03-0000-0000"
    assert not WindowRevision.objects.exists()


@pytest.mark.django_db
def test_a_stale_contact_approval_is_refused(client, adachi_staff, metro_staff, adachi_contact):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    revision = WindowRevision.objects.pending().get()
    save_contact(client, metro_staff, adachi_contact, main_phone="03-9999-9999")
    response = client.post(revision_url("change", revision.pk), {"decision": "approve"})
    assert response.status_code == 409 and "代表電話" in response.content.decode()
    assert stored(adachi_contact).main_phone == "03-9999-9999"


@pytest.mark.django_db
def test_another_municipalitys_staff_never_see_a_contact_proposal(
    client, adachi_staff, toshima, adachi_contact
):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    toshima_staff = StaffFactory(municipality=toshima)
    client.force_login(toshima_staff)
    assert client.get(municipality_url("change", adachi_contact.code)).status_code == 302
    page = client.get(municipality_url("change", toshima.code)).content.decode()
    assert "03-0000-0000" not in page


@pytest.mark.django_db
def test_the_overview_counts_contact_proposals_and_links_to_them(
    client, adachi_staff, metro_staff, adachi_contact
):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    client.force_login(metro_staff)
    page = client.get(reverse("consultations:staff-overview")).content.decode()
    link = f"{revision_url('changelist')}?municipality__code__exact={adachi_contact.code}"
    assert f'<a href="{link}">1件</a>' in page
    listed = client.get(link).context["cl"].result_list
    assert [r.municipality_id for r in listed] == [adachi_contact.code]


@pytest.mark.django_db
def test_a_posted_proposal_id_reveals_nothing_of_another_municipalitys_decisions(
    client, adachi_staff, metro_staff, toshima, adachi_contact
):
    theirs = WindowRevision.objects.propose_contact(
        Municipality(**{**vars_of(toshima), "main_phone": "03-3333-3333"}),
        StaffFactory(municipality=toshima),
    )
    theirs.reject(StaffFactory(username="toshima_reviewer"), "豊島区の内部事情による差し戻し")
    response = save_contact(
        client, adachi_staff, adachi_contact, main_phone="03-0000-0000", pending_proposal=theirs.pk
    )
    page = response.content.decode()
    assert "豊島区の内部事情" not in page and "toshima_reviewer" not in page
    assert not WindowRevision.objects.filter(municipality=adachi_contact).exists()


def vars_of(municipality):
    return {
        field.attname: getattr(municipality, field.attname) for field in Municipality._meta.fields
    }


@pytest.mark.django_db
def test_the_contact_review_pages_have_one_h1_and_no_inline_styles(
    client, adachi_staff, metro_staff, adachi_contact
):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    pages = [municipality_url("change", adachi_contact.code)]
    client.force_login(metro_staff)
    pages.append(revision_url("change", WindowRevision.objects.get().pk))
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count("<h1") == 1 and "style=" not in html and "<script>" not in html


@pytest.mark.django_db
def test_the_admin_log_says_the_contact_change_was_proposed_not_made(
    client, adachi_staff, adachi_contact
):
    save_contact(client, adachi_staff, adachi_contact, main_phone="03-0000-0000")
    assert (
        LogEntry.objects.get(user=adachi_staff).change_message == "連絡先の変更の申請（承認待ち）"
    )
