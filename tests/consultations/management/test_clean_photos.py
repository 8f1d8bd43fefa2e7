"""manage.py clean_photos: the stored photos nothing holds, listed, and deleted only when asked."""

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from consultations.models.messages import photo_path
from tests.consultations.admin_helpers import propose
from tests.factories import WindowFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_photo(hours_ago=2):
    name = default_storage.save(photo_path(None, "a.jpg"), ContentFile(b"\xff\xd8 a photo"))
    then = time.time() - hours_ago * 3600
    os.utime(default_storage.path(name), (then, then))
    return name


def run(*args):
    out = io.StringIO()
    call_command("clean_photos", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_lists_orphans_and_deletes_nothing_by_default():
    orphan = stored_photo()
    output = run()
    assert orphan in output and "使われていない写真 1 件" in output
    assert default_storage.exists(orphan)


@pytest.mark.django_db
def test_with_delete_it_deletes_only_the_orphans(adachi, adachi_staff):
    orphan, shown, proposed = stored_photo(), stored_photo(), stored_photo()
    window = WindowFactory(municipality=adachi, message_photo=shown)
    propose(window, adachi_staff, message_photo=proposed)
    output = run("--delete")
    assert "使われていない写真 1 件を削除しました" in output
    assert [default_storage.exists(name) for name in (orphan, shown, proposed)] == [
        False,
        True,
        True,
    ]


@pytest.mark.django_db
def test_it_leaves_a_fresh_upload_whose_window_may_not_be_saved_yet():
    fresh = stored_photo(hours_ago=0)
    run("--delete")
    assert default_storage.exists(fresh)


@pytest.mark.django_db
def test_it_leaves_files_that_are_not_photos_of_ours():
    other = default_storage.save("messages/notes.txt", ContentFile(b"kept"))
    os.utime(default_storage.path(other), (0, 0))
    run("--delete")
    assert default_storage.exists(other)


@pytest.mark.django_db
def test_it_says_so_when_nothing_was_ever_uploaded():
    assert "使われていない写真 0 件" in run()
