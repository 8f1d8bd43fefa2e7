"""The confirmation step of an import may only use a file this staff session uploaded (F3)."""

import tempfile
from pathlib import Path

import pytest

from consultations.models import ConsultationWindow
from tests.consultations.admin_helpers import window_url
from tests.consultations.survey.test_admin_import_export import (
    export,
    import_file,
    read_csv,
    upload,
    windows,  # noqa: F401 (fixture)
    write_csv,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.usefixtures("windows")


def confirm_data(client):
    rows = read_csv(export(client))
    rows[1][rows[0].index("窓口名")] = "あだち ひきこもり相談（改）"
    preview = upload(client, write_csv(rows))
    return preview.context["confirm_form"].initial


def test_a_made_up_file_name_is_refused_with_400_and_a_message(client, metro_staff):
    client.force_login(metro_staff)
    data = {**confirm_data(client), "import_file_name": "no-such-upload"}
    response = client.post(window_url("process_import"), data)
    assert response.status_code == 400
    assert "取込のファイルが見つかりません" in response.content.decode()


def test_another_file_in_the_temp_folder_is_neither_read_nor_deleted(client, metro_staff):
    client.force_login(metro_staff)
    with tempfile.NamedTemporaryFile(dir=tempfile.gettempdir(), delete=False) as victim:
        victim.write(b"someone else's file")
    try:
        data = {**confirm_data(client), "import_file_name": Path(victim.name).name}
        response = client.post(window_url("process_import"), data)
        assert response.status_code == 400
        assert Path(victim.name).read_bytes() == b"someone else's file"
    finally:
        Path(victim.name).unlink(missing_ok=True)


def test_another_users_upload_cannot_be_confirmed(client, metro_staff):
    client.force_login(metro_staff)
    data = confirm_data(client)
    client.force_login(StaffFactory())
    response = client.post(window_url("process_import"), data)
    assert response.status_code == 400
    assert not ConsultationWindow.objects.filter(name="あだち ひきこもり相談（改）").exists()


def test_an_upload_is_confirmed_once_only(client, metro_staff):
    client.force_login(metro_staff)
    data = confirm_data(client)
    assert client.post(window_url("process_import"), data).status_code == 302
    assert ConsultationWindow.objects.filter(name="あだち ひきこもり相談（改）").exists()
    assert client.post(window_url("process_import"), data).status_code == 400


def test_the_owner_confirms_as_before(client, metro_staff):
    client.force_login(metro_staff)
    rows = read_csv(export(client))
    rows[1][rows[0].index("窓口名")] = "あだち ひきこもり相談（改）"
    response = import_file(client, write_csv(rows))
    assert response.status_code == 200
    assert ConsultationWindow.objects.filter(name="あだち ひきこもり相談（改）").exists()


def test_a_confirmation_without_a_post_is_not_allowed(client, metro_staff):
    client.force_login(metro_staff)
    assert client.get(window_url("process_import")).status_code == 405


@pytest.mark.parametrize("value", ["99", "csv", "-1"])
def test_a_tampered_format_is_refused_with_400(client, metro_staff, value):
    client.force_login(metro_staff)
    data = {**confirm_data(client), "format": value}
    response = client.post(window_url("process_import"), data)
    assert response.status_code == 400
    assert not ConsultationWindow.objects.filter(name="あだち ひきこもり相談（改）").exists()


@pytest.mark.parametrize("value", ["1", "99", "-1", "x"])
def test_an_unknown_resource_is_refused_with_400_and_the_upload_kept(client, metro_staff, value):
    client.force_login(metro_staff)
    data = confirm_data(client)
    response = client.post(window_url("process_import"), {**data, "resource": value})
    assert response.status_code == 400
    assert "取込のファイルが見つかりません" in response.content.decode()
    # The preview's own confirmation still works: nothing was consumed by the tampered one.
    assert client.post(window_url("process_import"), data).status_code == 302
