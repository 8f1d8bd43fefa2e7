"""Staff e-mail: who is told what (Django's outbox; tests/consultations/test_smtp.py sends one for real)."""

import pytest
from django.core import mail

from consultations.models import ConsultationWindow, ReviewError
from tests.consultations.admin_helpers import propose
from tests.factories import StaffFactory, WindowFactory


@pytest.fixture
def window(adachi):
    return WindowFactory(municipality=adachi, name="あだち相談", phone="03-1111-1111")


@pytest.fixture
def proposer(adachi):
    return StaffFactory(municipality=adachi, email="tanaka@city.adachi.example.jp")


@pytest.mark.django_db
def test_the_proposer_is_told_when_their_proposal_is_approved(
    window, proposer, metro_staff, django_capture_on_commit_callbacks
):
    revision = propose(window, proposer, phone="03-2222-2222")
    with django_capture_on_commit_callbacks(execute=True):
        revision.approve(metro_staff)
    (sent,) = mail.outbox
    assert sent.to == ["tanaka@city.adachi.example.jp"]
    assert "承認済み" in sent.subject and "あだち相談" in sent.subject


@pytest.mark.django_db
def test_the_proposer_is_told_why_their_proposal_was_returned(
    window, proposer, metro_staff, django_capture_on_commit_callbacks
):
    revision = propose(window, proposer, phone="03-2222-2222")
    with django_capture_on_commit_callbacks(execute=True):
        revision.reject(metro_staff, "番号が公式サイトと違います。")
    (sent,) = mail.outbox
    assert "差し戻し" in sent.subject
    assert "番号が公式サイトと違います。" in sent.body


@pytest.mark.django_db
def test_the_decision_mail_links_to_the_proposal_on_site_url(
    window, proposer, metro_staff, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://soudan.example.lg.jp"
    revision = propose(window, proposer, phone="03-2222-2222")
    with django_capture_on_commit_callbacks(execute=True):
        revision.reject(metro_staff, "理由")
    assert f"https://soudan.example.lg.jp{revision.own_url}" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_refused_approval_tells_nobody(
    window, proposer, metro_staff, django_capture_on_commit_callbacks
):
    revision = propose(window, proposer, phone="03-2222-2222")
    ConsultationWindow.objects.filter(pk=window.pk).update(hours="土曜も受付")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReviewError):
        revision.approve(metro_staff)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_proposer_without_an_address_gets_no_mail(
    window, adachi_staff, metro_staff, django_capture_on_commit_callbacks
):
    revision = propose(window, adachi_staff, phone="03-2222-2222")
    with django_capture_on_commit_callbacks(execute=True):
        revision.approve(metro_staff)
    assert mail.outbox == []
