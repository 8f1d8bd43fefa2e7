"""One notice end to end: through Django's SMTP backend to a real SMTP server (aiosmtpd)."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from tests.consultations.admin_helpers import propose
from tests.factories import StaffFactory, WindowFactory


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = False, ""
    yield inbox
    controller.stop()


@pytest.mark.django_db
def test_a_returned_proposal_reaches_the_proposer_through_smtp_in_japanese(
    smtp_server, adachi, metro_staff, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://soudan.example.lg.jp"
    proposer = StaffFactory(municipality=adachi, email="tanaka@city.adachi.example.jp")
    window = WindowFactory(municipality=adachi, name="あだち相談")
    revision = propose(window, proposer, phone="03-2222-2222")
    with django_capture_on_commit_callbacks(execute=True):
        revision.reject(metro_staff, "番号が公式サイトと違います。")
    ((recipients, raw),) = smtp_server.messages
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert recipients == ["tanaka@city.adachi.example.jp"]
    # Django folds a long encoded subject onto its own line; readers drop the leading space.
    assert received["Subject"].strip() == "【差し戻し】あだち相談の変更の申請"
    body = received.get_content()
    assert "番号が公式サイトと違います。" in body and "https://soudan.example.lg.jp/" in body
