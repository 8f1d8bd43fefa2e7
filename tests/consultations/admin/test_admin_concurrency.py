import threading

import pytest
from django import forms
from django.db import connection

from consultations.forms import WindowAdminForm
from consultations.models import ConcurrentEditError, ConsultationWindow
from tests.consultations.admin_helpers import change_data, municipality_url, window_url
from tests.factories import StaffFactory, WindowFactory


@pytest.fixture
def window(adachi):
    # A draft, which municipal staff save at once (published ones wait for approval).
    return WindowFactory(
        municipality=adachi, phone="03-1111-1111", hours="月〜金 9:00〜17:00", published=False
    )


def open_form(client, user, window):
    """What the change form shows a staff member now (their browser keeps it)."""
    client.force_login(user)
    return change_data(client.get(window_url("change", window.pk)).context["original"])


@pytest.mark.django_db
def test_the_second_of_two_concurrent_saves_is_refused_and_shows_what_changed(
    client, adachi, window
):
    first = StaffFactory(municipality=adachi, username="sato")
    second = StaffFactory(municipality=adachi, username="suzuki")
    first_form = open_form(client, first, window)
    second_form = open_form(client, second, window)

    client.force_login(first)
    client.post(window_url("change", window.pk), {**first_form, "phone": "03-2222-2222"})
    client.force_login(second)
    response = client.post(
        window_url("change", window.pk), {**second_form, "hours": "月〜金 10:00〜16:00"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "別の職員が保存しました" in page and "sato" in page
    assert "電話番号: 「03-1111-1111」→「03-2222-2222」" in page
    window.refresh_from_db()
    assert (window.phone, window.hours) == ("03-2222-2222", "月〜金 9:00〜17:00")


@pytest.mark.django_db
def test_the_refused_form_keeps_what_the_second_editor_typed(client, adachi, window):
    staff = StaffFactory(municipality=adachi)
    stale = open_form(client, staff, window)
    ConsultationWindow.objects.get(pk=window.pk).save()
    response = client.post(window_url("change", window.pk), {**stale, "hours": "土曜 10:00〜"})
    assert "土曜 10:00〜</textarea>" in response.content.decode()


@pytest.mark.django_db
def test_a_stale_copy_cannot_overwrite_a_newer_save(window):
    first = ConsultationWindow.objects.get(pk=window.pk)
    second = ConsultationWindow.objects.get(pk=window.pk)
    first.phone = "03-2222-2222"
    first.save()
    second.hours = "土曜 10:00〜"
    with pytest.raises(ConcurrentEditError):
        second.save()
    window.refresh_from_db()
    assert (window.phone, window.hours, window.version) == ("03-2222-2222", "月〜金 9:00〜17:00", 2)


@pytest.mark.django_db
def test_the_update_itself_refuses_a_race_the_form_could_not_see(
    client, adachi, window, monkeypatch
):
    """Between the form's check and the UPDATE another save lands: the UPDATE refuses."""
    staff = StaffFactory(municipality=adachi)
    stale = open_form(client, staff, window)
    other = ConsultationWindow.objects.get(pk=window.pk)
    other.phone = "03-2222-2222"
    other.save()
    monkeypatch.setattr(WindowAdminForm, "clean", forms.ModelForm.clean)

    response = client.post(
        window_url("change", window.pk), {**stale, "hours": "土曜 10:00〜"}, follow=True
    )

    assert "あなたの変更は保存されませんでした" in response.content.decode()
    assert "土曜 10:00〜" in response.content.decode()
    window.refresh_from_db()
    assert (window.phone, window.hours) == ("03-2222-2222", "月〜金 9:00〜17:00")


@pytest.mark.django_db
def test_a_stale_window_in_the_municipality_inline_is_refused(client, adachi, metro_staff, window):
    # Only metropolitan staff edit windows in the inline (municipal staff see it read-only).
    client.force_login(metro_staff)
    other = ConsultationWindow.objects.get(pk=window.pk)
    other.phone = "03-2222-2222"
    other.save()
    data = {
        "main_phone": "",
        "lead_department": "",
        "website": "",
        "contact_source": "",
        "windows-TOTAL_FORMS": "1",
        "windows-INITIAL_FORMS": "1",
        "windows-0-id": window.pk,
        "windows-0-municipality": adachi.code,
        "windows-0-name": window.name,
        "windows-0-display_order": window.display_order,
        "windows-0-phone": "03-1111-1111",
        "windows-0-email": "",
        "windows-0-url": "",
        "windows-0-last_verified": "",
        "windows-0-version": "1",
    }
    response = client.post(municipality_url("change", adachi.code), data)
    assert "別の職員が保存しました" in response.content.decode()
    window.refresh_from_db()
    assert window.phone == "03-2222-2222"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
def test_two_racing_saves_of_one_version_cannot_both_win(window):
    """Two connections load version 1 and save at the same moment: exactly one wins."""
    barrier = threading.Barrier(2)
    outcomes = []

    def edit(phone):
        copy = ConsultationWindow.objects.get(pk=window.pk)
        copy.phone = phone
        barrier.wait()
        try:
            copy.save()
            outcomes.append(phone)
        except ConcurrentEditError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(p,)) for p in ("03-2222-2222", "03-3333-3333")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    window.refresh_from_db()
    assert len(outcomes) == 2 and outcomes.count("refused") == 1
    assert window.phone in outcomes and window.version == 2
