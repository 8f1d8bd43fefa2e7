import pytest
from django.urls import reverse

from consultations.models import ConsultationWindow
from tests.consultations.admin_helpers import change_data, municipality_url, window_url
from tests.factories import StaffFactory, WindowFactory


@pytest.fixture
def window(adachi):
    # A draft, which municipal staff save at once (published ones wait for approval).
    return WindowFactory(
        municipality=adachi, name="あだち相談", phone="03-1111-1111", published=False
    )


@pytest.fixture
def other_window(toshima):
    return WindowFactory(municipality=toshima, name="としま相談")


def revert_url(window_id, history_id):
    return window_url("simple_history", window_id, history_id)


def edit(client, window, **changes):
    window.refresh_from_db()
    return client.post(window_url("change", window.pk), change_data(window, **changes))


@pytest.mark.django_db
def test_the_history_shows_who_changed_what_and_when(client, adachi, window):
    staff = StaffFactory(municipality=adachi, username="tanaka")
    client.force_login(staff)
    edit(client, window, phone="03-2222-2222")
    page = client.get(window_url("history", window.pk)).content.decode()
    assert "tanaka" in page
    assert "電話番号:</strong> 03-1111-1111 &rarr; 03-2222-2222" in page


@pytest.mark.django_db
def test_a_window_loaded_without_history_gets_its_earlier_content_recorded_first(
    client, adachi_staff, window
):
    window.history.all().delete()
    client.force_login(adachi_staff)
    edit(client, window, phone="03-2222-2222")
    baseline, change = window.history.order_by("history_date", "history_id")
    assert (baseline.phone, baseline.history_user) == ("03-1111-1111", None)
    assert (change.phone, change.history_user) == ("03-2222-2222", adachi_staff)


@pytest.mark.django_db
def test_an_old_version_can_be_restored(client, adachi_staff, window):
    client.force_login(adachi_staff)
    edit(client, window, phone="03-2222-2222")
    edit(client, window, phone="03-3333-3333")
    first = window.history.get(version=1)
    response = client.post(revert_url(window.pk, first.history_id), change_data(first.instance))
    assert response.status_code == 302
    window.refresh_from_db()
    assert (window.phone, window.version) == ("03-1111-1111", 4)


@pytest.mark.django_db
def test_a_deleted_window_is_restored_from_history(client, adachi_staff, window):
    client.force_login(adachi_staff)
    client.post(window_url("delete", window.pk), {"post": "yes"})
    assert not ConsultationWindow.objects.filter(pk=window.pk).exists()

    listing = client.get(window_url("deleted"))
    deletion = window.history.get(history_type="-")
    restore = revert_url(window.pk, deletion.history_id)
    assert restore in listing.content.decode()
    assert "この内容で復元する" in client.get(restore).content.decode()
    assert client.post(restore, change_data(deletion.instance)).status_code == 302

    restored = ConsultationWindow.objects.get(pk=window.pk)
    assert (restored.name, restored.phone, restored.municipality_id) == (
        "あだち相談",
        "03-1111-1111",
        "131211",
    )
    assert client.get(window_url("deleted")).context["records"] == []


@pytest.mark.django_db
def test_another_municipalitys_history_is_not_found(client, adachi_staff, other_window):
    client.force_login(adachi_staff)
    record = other_window.history.get()
    assert client.get(window_url("history", other_window.pk)).status_code == 404
    assert client.get(revert_url(other_window.pk, record.history_id)).status_code == 404


@pytest.mark.django_db
def test_another_municipalitys_window_cannot_be_reverted(client, adachi_staff, other_window):
    client.force_login(adachi_staff)
    record = other_window.history.get()
    response = client.post(
        revert_url(other_window.pk, record.history_id),
        change_data(record.instance, phone="03-0000-0000"),
    )
    assert response.status_code == 404
    other_window.refresh_from_db()
    assert other_window.phone == "03-1234-5678"


@pytest.mark.django_db
def test_another_municipalitys_deleted_window_is_neither_listed_nor_recoverable(
    client, adachi_staff, metro_staff, other_window
):
    client.force_login(metro_staff)
    client.post(window_url("delete", other_window.pk), {"post": "yes"})
    deletion = other_window.history.get(history_type="-")

    client.force_login(adachi_staff)
    assert client.get(window_url("deleted")).context["records"] == []
    client.post(revert_url(other_window.pk, deletion.history_id), change_data(deletion.instance))
    assert not ConsultationWindow.objects.filter(pk=other_window.pk).exists()


@pytest.mark.django_db
def test_an_old_version_from_ones_own_municipality_cannot_pull_back_a_moved_window(
    client, adachi_staff, metro_staff, window, toshima
):
    client.force_login(metro_staff)
    edit(client, window, municipality=toshima.code)
    when_in_adachi = window.history.get(version=1)

    client.force_login(adachi_staff)
    response = client.post(
        revert_url(window.pk, when_in_adachi.history_id), change_data(when_in_adachi.instance)
    )
    assert response.status_code == 404
    window.refresh_from_db()
    assert window.municipality_id == toshima.code


@pytest.mark.django_db
def test_a_municipalitys_history_shows_its_changes(client, metro_staff, adachi):
    client.force_login(metro_staff)
    adachi.main_phone = "03-3880-5111"
    adachi._history_user = metro_staff
    adachi.save()
    page = client.get(municipality_url("history", adachi.code)).content.decode()
    assert "代表電話:</strong> （空欄） &rarr; 03-3880-5111" in page


@pytest.mark.django_db
def test_another_municipalitys_municipality_history_is_not_found(client, adachi_staff, toshima):
    client.force_login(adachi_staff)
    assert client.get(municipality_url("history", toshima.code)).status_code == 404


@pytest.mark.django_db
def test_a_bad_history_id_is_not_found(client, adachi_staff, window):
    client.force_login(adachi_staff)
    assert (
        client.get(
            reverse("admin:consultations_consultationwindow_simple_history", args=[window.pk, "x"])
        ).status_code
        == 404
    )
    assert client.get(window_url("history", "abc")).status_code == 404
