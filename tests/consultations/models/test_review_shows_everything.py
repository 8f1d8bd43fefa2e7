"""A reviewer sees every field that approval would change from what residents last saw.

Each path a municipal user has to the public pages: an edit, unpublish then republish,
recovering a deleted window, reverting to an old version, the survey import, a new window.
The draft a municipal user may edit at once (off the public pages) must never carry a value
past the reviewer.
"""

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import ConsultationWindow, WindowRevision
from tests.consultations.admin_helpers import change_data, window_url
from tests.consultations.survey.test_admin_import_export import (
    column,
    export,
    import_file,
    read_csv,
    row_of,
    write_csv,
)
from tests.factories import WindowFactory

OLD, SNEAKED, NEW = "03-1111-1111", "03-6666-6666", "03-2222-2222"


@pytest.fixture
def window(adachi):
    return WindowFactory(
        municipality=adachi, name="あだち相談", phone=OLD, hours="平日 9時〜17時", method_phone=True
    )


def edit(client, window, **changes):
    """Save the change form as a browser would (the form starts from any pending proposal)."""
    window = ConsultationWindow.objects.get(pk=window.pk)
    return client.post(window_url("change", window.pk), change_data(window, **changes))


def reviewed(client, metro_staff):
    """What the reviewer's page lists for the one pending proposal: {label: (before, after)}."""
    revision = WindowRevision.objects.pending().get()
    client.force_login(metro_staff)
    page = client.get(reverse("admin:consultations_windowrevision_change", args=[revision.pk]))
    return {label: (before, after) for label, before, after in page.context["changes"]}


def approve(metro_staff):
    WindowRevision.objects.pending().get().approve(metro_staff)


def public_page(window):
    return Client().get(reverse("consultations:window", args=[window.pk])).content.decode()


@pytest.mark.django_db
def test_an_edit_shows_the_new_number(client, adachi_staff, metro_staff, window):
    client.force_login(adachi_staff)
    edit(client, window, phone=NEW)
    assert reviewed(client, metro_staff) == {"電話番号": (OLD, NEW)}


@pytest.mark.django_db
def test_republishing_shows_what_was_saved_to_the_draft_meanwhile(
    client, adachi_staff, metro_staff, window
):
    client.force_login(adachi_staff)
    edit(client, window, published=False, phone=SNEAKED, hours="土曜 10時〜")
    assert ConsultationWindow.objects.get(pk=window.pk).phone == SNEAKED  # a draft, saved at once
    edit(client, window, published=True)

    changes = reviewed(client, metro_staff)

    assert changes["電話番号"] == (OLD, SNEAKED)
    assert changes["受付時間"] == ("平日 9時〜17時", "土曜 10時〜")
    assert changes["公開"] == ("いいえ", "はい")


@pytest.mark.django_db
def test_what_the_reviewer_was_shown_is_what_residents_get(
    client, adachi_staff, metro_staff, window
):
    client.force_login(adachi_staff)
    edit(client, window, published=False, phone=SNEAKED)
    edit(client, window, published=True)
    shown = reviewed(client, metro_staff)
    approve(metro_staff)
    assert SNEAKED in public_page(window) and shown["電話番号"][1] == SNEAKED


@pytest.mark.django_db
def test_recovering_a_deleted_window_with_edits_shows_them(
    client, adachi_staff, metro_staff, window
):
    client.force_login(adachi_staff)
    client.post(window_url("delete", window.pk), {"post": "yes"})
    deletion = window.history.get(history_type="-")
    restore = window_url("simple_history", window.pk, deletion.history_id)
    client.post(restore, change_data(deletion.instance, phone=SNEAKED))

    changes = reviewed(client, metro_staff)

    assert changes["電話番号"] == (OLD, SNEAKED)
    assert changes["公開"] == ("いいえ", "はい")


@pytest.mark.django_db
def test_reverting_a_draft_to_an_old_version_compares_with_what_residents_last_saw(
    client, adachi_staff, metro_staff, window
):
    first = window.history.get()
    window.refresh_from_db()
    window.phone = NEW  # metropolitan staff's later change, public
    window._history_user = metro_staff
    window.save()
    client.force_login(adachi_staff)
    edit(client, window, published=False, phone=SNEAKED)
    client.post(
        window_url("simple_history", window.pk, first.history_id), change_data(first.instance)
    )

    assert reviewed(client, metro_staff)["電話番号"] == (NEW, OLD)


@pytest.mark.django_db
def test_an_import_that_republishes_shows_what_an_earlier_import_saved_to_the_draft(
    client, adachi_staff, metro_staff, window
):
    client.force_login(adachi_staff)
    rows = read_csv(export(client))
    row_of(rows, window)[column(rows, "公開")] = "いいえ"
    row_of(rows, window)[column(rows, "電話番号")] = SNEAKED
    import_file(client, write_csv(rows))
    rows = read_csv(export(client))
    row_of(rows, window)[column(rows, "公開")] = "はい"
    import_file(client, write_csv(rows))

    changes = reviewed(client, metro_staff)

    assert changes["電話番号"] == (OLD, SNEAKED)


@pytest.mark.django_db
def test_a_window_never_published_shows_every_field(client, adachi, adachi_staff, metro_staff):
    client.force_login(adachi_staff)
    draft = WindowFactory(
        municipality=adachi, name="夜間窓口", phone=OLD, method_phone=True, published=False
    )
    edit(client, draft, published=True)

    changes = reviewed(client, metro_staff)

    assert changes["窓口名"] == ("（未公開）", "夜間窓口")
    assert changes["電話番号"] == ("（未公開）", OLD)
    assert len(changes) == len(WindowRevision.objects.get().data)


@pytest.mark.django_db
def test_the_review_of_a_window_off_the_public_pages_says_what_residents_saw_last(
    client, adachi_staff, metro_staff, window
):
    client.force_login(adachi_staff)
    edit(client, window, published=False, phone=SNEAKED)
    edit(client, window, published=True)
    revision = WindowRevision.objects.pending().get()
    client.force_login(metro_staff)
    page = client.get(reverse("admin:consultations_windowrevision_change", args=[revision.pk]))
    assert "最後に公開されていた内容" in page.content.decode()
    assert "いま公開中の内容" not in page.content.decode()
