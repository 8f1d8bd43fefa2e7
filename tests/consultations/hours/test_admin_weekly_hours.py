"""Weekly opening hours are a fact like any other: reviewed, version-checked, in history, revertible."""

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import ConsultationWindow, WindowRevision
from tests.consultations.admin_helpers import form_data, hours_rows, window_url
from tests.factories import StaffFactory, WindowFactory

NINE_TO_FIVE = (0, 4, "09:00", "17:00")
# The probe: 月〜金 3:00〜4:00 typed into the grid.
NIGHT = {"opening_hours-0-opens": "03:00", "opening_hours-0-closes": "04:00"}


@pytest.fixture
def window(adachi, metro_staff):
    """A published window whose weekly hours (月〜金 9:00〜17:00) a 都職員 entered in admin."""
    window = WindowFactory(municipality=adachi, name="あだち相談", hours="")
    client = Client()
    client.force_login(metro_staff)
    shown = form_data(client.get(window_url("change", window.pk)))
    response = client.post(window_url("change", window.pk), {**shown, **hours_rows(NINE_TO_FIVE)})
    assert response.status_code == 302
    return window


def public_page(window):
    return Client().get(window.get_absolute_url()).content.decode()


def opened(client, user, window):
    client.force_login(user)
    return form_data(client.get(window_url("change", window.pk)))


def stored_hours(window):
    return [str(row) for row in ConsultationWindow.objects.get(pk=window.pk).opening_hours.all()]


@pytest.mark.django_db
def test_a_municipal_change_to_the_hours_of_a_published_window_waits_for_approval(
    client, adachi_staff, window
):
    shown = opened(client, adachi_staff, window)
    client.post(window_url("change", window.pk), {**shown, **NIGHT})
    assert "9:00〜17:00" in public_page(window) and "3:00〜4:00" not in public_page(window)
    assert stored_hours(window) == ["月〜金 9:00〜17:00"]
    assert WindowRevision.objects.pending().get(window=window).changes() == [
        ("受付時間（曜日ごと）", "月〜金 9:00〜17:00", "月〜金 3:00〜4:00")
    ]


@pytest.mark.django_db
def test_approving_the_proposal_puts_the_hours_on_the_public_page_with_history(
    client, adachi_staff, metro_staff, window
):
    shown = opened(client, adachi_staff, window)
    client.post(window_url("change", window.pk), {**shown, **NIGHT})
    revision = WindowRevision.objects.pending().get(window=window)
    client.force_login(metro_staff)
    review = reverse("admin:consultations_windowrevision_change", args=[revision.pk])
    assert client.post(review, {"decision": "approve"}).status_code == 302
    assert "3:00〜4:00" in public_page(window) and stored_hours(window) == ["月〜金 3:00〜4:00"]
    history = client.get(window_url("history", window.pk)).content.decode()
    assert "受付時間（曜日ごと）:</strong> 月〜金 9:00〜17:00 &rarr; 月〜金 3:00〜4:00" in history


@pytest.mark.django_db
def test_the_municipal_form_starts_from_the_proposed_hours_and_saving_again_keeps_them(
    client, adachi_staff, window
):
    shown = opened(client, adachi_staff, window)
    client.post(window_url("change", window.pk), {**shown, **NIGHT})
    again = opened(client, adachi_staff, window)
    shown_times = (again["opening_hours-0-opens"], again["opening_hours-0-closes"])
    assert [str(time)[:5] for time in shown_times] == ["03:00", "04:00"]
    client.post(window_url("change", window.pk), {**again, "phone": "03-2222-2222"})
    pending = WindowRevision.objects.pending().get(window=window)
    assert (pending.data["weekly_hours"], pending.data["phone"]) == (
        "月〜金 3:00〜4:00",
        "03-2222-2222",
    )


@pytest.mark.django_db
def test_a_metropolitan_change_of_hours_is_a_new_version_in_history(client, metro_staff, window):
    before = ConsultationWindow.objects.get(pk=window.pk).version
    shown = opened(client, metro_staff, window)
    client.post(window_url("change", window.pk), {**shown, **NIGHT})
    assert ConsultationWindow.objects.get(pk=window.pk).version == before + 1
    history = client.get(window_url("history", window.pk)).content.decode()
    assert "受付時間（曜日ごと）:</strong> 月〜金 9:00〜17:00 &rarr; 月〜金 3:00〜4:00" in history


@pytest.mark.django_db
def test_two_metropolitan_saves_of_hours_from_the_same_form_cannot_both_win(client, window):
    first, second = StaffFactory(username="sato"), StaffFactory(username="suzuki")
    first_form, second_form = opened(client, first, window), opened(client, second, window)
    client.force_login(first)
    client.post(window_url("change", window.pk), {**first_form, **NIGHT})
    client.force_login(second)
    late = {"opening_hours-0-opens": "10:00", "opening_hours-0-closes": "16:00"}
    response = client.post(window_url("change", window.pk), {**second_form, **late})
    assert response.status_code == 200 and "別の職員が保存しました" in response.content.decode()
    assert "「月〜金 9:00〜17:00」→「月〜金 3:00〜4:00」" in response.content.decode()
    assert stored_hours(window) == ["月〜金 3:00〜4:00"]


@pytest.mark.django_db
def test_reverting_to_an_old_version_restores_its_hours(client, metro_staff, window):
    nine_to_five = ConsultationWindow.objects.get(pk=window.pk).history.latest()
    shown = opened(client, metro_staff, window)
    client.post(window_url("change", window.pk), {**shown, **NIGHT})
    url = window_url("simple_history", window.pk, nine_to_five.history_id)
    page = client.get(url)
    assert "月〜金 9:00〜17:00" in page.content.decode()  # the version's hours, shown read-only
    assert client.post(url, form_data(page)).status_code == 302
    assert stored_hours(window) == ["月〜金 9:00〜17:00"]
    assert "9:00〜17:00" in public_page(window)


@pytest.mark.django_db
def test_removing_every_row_is_a_change_like_any_other(client, adachi_staff, window):
    shown = opened(client, adachi_staff, window)
    client.post(window_url("change", window.pk), {**shown, "opening_hours-0-DELETE": "on"})
    assert stored_hours(window) == ["月〜金 9:00〜17:00"]
    assert WindowRevision.objects.pending().get(window=window).data["weekly_hours"] == ""


@pytest.mark.django_db
def test_saving_a_draft_writes_its_hours_at_once(client, adachi_staff, adachi):
    draft = WindowFactory(municipality=adachi, published=False)
    shown = opened(client, adachi_staff, draft)
    client.post(
        window_url("change", draft.pk), {**shown, **hours_rows((5, None, "10:00", "12:00"))}
    )
    assert stored_hours(draft) == ["土 10:00〜12:00"]
    assert ConsultationWindow.objects.get(pk=draft.pk).weekly_hours == "土 10:00〜12:00"
    assert not WindowRevision.objects.exists()


@pytest.mark.django_db
def test_saving_without_touching_the_hours_keeps_them(client, metro_staff, window):
    shown = opened(client, metro_staff, window)
    client.post(window_url("change", window.pk), {**shown, "phone": "03-2222-2222"})
    assert stored_hours(window) == ["月〜金 9:00〜17:00"]
    assert ConsultationWindow.objects.get(pk=window.pk).phone == "03-2222-2222"


@pytest.mark.django_db
def test_hours_closing_before_they_open_are_refused_in_the_form(client, metro_staff, window):
    shown = opened(client, metro_staff, window)
    bad = {"opening_hours-0-opens": "17:00", "opening_hours-0-closes": "09:00"}
    response = client.post(window_url("change", window.pk), {**shown, **bad})
    assert response.status_code == 200
    assert stored_hours(window) == ["月〜金 9:00〜17:00"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["change", "add"])
def test_the_hours_grid_sits_in_the_hours_section_of_the_form(client, metro_staff, window, page):
    client.force_login(metro_staff)
    url = window_url("change", window.pk) if page == "change" else window_url("add")
    html = client.get(url).content.decode()
    hours_heading = html.index('class="fieldset-heading">受付時間</h2>')
    grid = html.index('id="opening_hours-group"')
    next_section = html.index('class="fieldset-heading">相談できる人</h2>')
    assert hours_heading < grid < next_section
    assert html.count('id="opening_hours-group"') == 1
