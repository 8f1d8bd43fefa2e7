"""manage.py send_round_reminders: who has not finished the round, and a reminder to their staff."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from consultations.models import Confirmation, ConfirmationRound, Item, Outcome
from tests.consultations.admin_helpers import propose
from tests.factories import StaffFactory, WindowFactory


@pytest.fixture
def round_(db):
    return ConfirmationRound.objects.create(
        title="令和9年度 相談窓口の確認", deadline="2027-06-30", message="6月末までにお願いします。"
    )


@pytest.fixture
def done_toshima(round_, toshima):
    """豊島区 has confirmed everything (no windows; contact details; requirements answered)."""
    toshima.lead_department, toshima.needs_survey_done, toshima.platform_established = (
        "福祉部",
        True,
        True,
    )
    toshima.save()
    staff = StaffFactory(municipality=toshima, email="toshima@example.jp")
    round_.confirm_unchanged(staff, toshima, Item.CONTACT)
    round_.confirm_unchanged(staff, toshima, Item.REQUIREMENTS)
    return toshima


def run(*args):
    out = io.StringIO()
    call_command("send_round_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_lists_only_the_municipalities_that_have_not_finished(round_, adachi, done_toshima):
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    output = run()
    assert "まだ終えていない区市町村 1 / 2" in output
    assert "131211 足立区: 未着手（0/2） 宛先: adachi@example.jp" in output
    assert "豊島区" not in output
    assert mail.outbox == []


@pytest.mark.django_db
def test_with_email_it_writes_to_the_municipalitys_own_staff(
    round_, adachi, done_toshima, metro_staff
):
    WindowFactory(municipality=adachi, name="あだち相談")
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    StaffFactory(municipality=adachi, email="")  # no address: skipped
    metro_staff.email = "tocho@example.jp"
    metro_staff.save()
    output = run("--email")
    [message] = mail.outbox
    assert message.to == ["adachi@example.jp"]
    assert message.subject == "【確認のお願い】令和9年度 相談窓口の確認（足立区）"
    assert "回答期限は 2027年6月30日です" in message.body
    assert "・あだち相談" in message.body
    assert "6月末までにお願いします。" in message.body
    assert "1件のお知らせを送りました。" in output


@pytest.mark.django_db
def test_a_municipality_without_an_address_is_named_and_gets_no_mail(round_, adachi):
    output = run("--email")
    assert "宛先: なし（この区市町村の職員にメールアドレスがありません）" in output
    assert mail.outbox == []


@pytest.mark.django_db
def test_inactive_staff_get_no_reminder(round_, adachi):
    StaffFactory(municipality=adachi, email="left@example.jp", is_active=False)
    run("--email")
    assert mail.outbox == []


@pytest.mark.django_db
def test_without_an_open_round_it_says_so(db):
    assert "受付中の確認依頼はありません。" in run("--email")
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_unknown_round_is_an_error(db):
    with pytest.raises(CommandError, match="確認依頼 99 はありません"):
        run("--round", "99")


@pytest.mark.django_db
def test_a_title_saved_with_a_line_break_still_makes_a_one_line_subject(round_, adachi):
    # Saved before the admin refused line breaks, or from the shell.
    ConfirmationRound.objects.filter(pk=round_.pk).update(title="令和9年度\r\n相談窓口の確認")
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    run("--email")
    [message] = mail.outbox
    assert message.subject == "【確認のお願い】令和9年度 相談窓口の確認（足立区）"


@pytest.mark.django_db
def test_it_leaves_out_a_municipality_whose_last_items_only_await_approval(round_, done_toshima):
    staff = StaffFactory(municipality=done_toshima)
    window = WindowFactory(municipality=done_toshima)
    revision = propose(window, staff, phone="03-2222-2222")
    Confirmation.objects.record(
        round_, staff, Outcome.PROPOSED, done_toshima, Item.WINDOW, window, revision
    )
    assert "豊島区" not in run()


@pytest.mark.django_db
def test_with_days_left_it_sends_only_that_many_days_before_the_deadline(round_, adachi):
    StaffFactory(municipality=adachi, email="adachi@example.jp")
    week_ahead = timezone.localdate() + datetime.timedelta(days=7)
    ConfirmationRound.objects.filter(pk=round_.pk).update(deadline=week_ahead)
    assert "送りません" in run("--email", "--days-left", "6")
    assert mail.outbox == []
    run("--email", "--days-left", "7")
    assert len(mail.outbox) == 1
