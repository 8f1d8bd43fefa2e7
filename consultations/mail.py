"""Staff e-mail: what each notice says and to whom; the models decide when.

Every notice is sent after the transaction that caused it commits (a rolled-back approval
tells nobody), and a mail server that is down is logged, never shown to the staff member
whose save caused the notice as an error: their work is already stored.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse

logger = logging.getLogger(__name__)


def site_url(path):
    """An absolute link for a mail: SITE_URL, the address staff reach the site at."""
    return settings.SITE_URL + path


def one_line(text):
    # Django refuses a mail whose subject has a line break, and would refuse the whole notice.
    return " ".join(str(text).splitlines())


def message(subject, lines, to, connection=None):
    return EmailMessage(
        subject=one_line(subject), body="\n".join(lines), to=to, connection=connection
    )


def send_on_commit(subject, lines, to):
    """Send once the current transaction commits; nothing if nobody has an address."""
    to = sorted({address for address in to if address})
    if to:
        mail = message(subject, lines, to)
        transaction.on_commit(mail.send, robust=True)


def notify_decision(revision):
    """Tell the proposer that their proposal was approved or returned (with the reason)."""
    proposer = revision.proposed_by
    if proposer is None:
        return
    decision = revision.get_status_display()
    lines = [
        f"{proposer.get_full_name() or proposer.get_username()} 様",
        "",
        f"「{revision.subject_name}」の{revision.kind}は{decision}になりました。",
    ]
    if revision.reason:
        lines += ["", "理由・コメント:", revision.reason]
    lines += [
        "",
        "申請の内容と結果は管理画面の「自分の申請」で確認できます。",
        site_url(revision.own_url),
    ]
    send_on_commit(
        f"【{decision}】{revision.subject_name}の{revision.kind}", lines, [proposer.email]
    )


def japanese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def checklist_url(round_, municipality):
    return site_url(
        reverse(
            "admin:consultations_confirmationround_checklist", args=[round_.pk, municipality.code]
        )
    )


def round_reminder(reminder, connection=None):
    """The reminder to a municipality that has not finished the round: what is left, by when."""
    round_, municipality, left = reminder.round, reminder.municipality, reminder.left
    lines = [
        f"{municipality.name} 相談窓口ガイドのご担当者様",
        "",
        f"確認依頼「{one_line(round_)}」の回答期限は {japanese_date(round_.deadline)}です。",
        f"まだ確認されていない項目が {len(left)} 件あります。",
        "",
        *(f"・{item.name}" for item in left),
        "",
        "内容が変わっていなければ「内容に変更なし」を、変わっていれば「編集する」から直してください。",
        checklist_url(round_, municipality),
    ]
    if round_.message:
        lines += ["", round_.message]
    return message(
        f"【確認のお願い】{round_}（{municipality.name}）", lines, reminder.addresses, connection
    )


def send_round_reminders(reminders):
    """Send each reminder that has an address; (sent, failed) as municipality names."""
    sent, failed = [], []
    connection = get_connection()
    for reminder in reminders:
        if not reminder.addresses:
            continue
        try:
            round_reminder(reminder, connection).send()
        except (OSError, smtplib.SMTPException):
            # One refused address or a dropped connection must not stop the others.
            logger.exception("Reminder to %s not sent", reminder.municipality.code)
            failed.append(reminder.municipality.name)
        else:
            sent.append(reminder.municipality.name)
    return sent, failed


def notify_round_opened(round_, reminders):
    """Tell each municipality's staff that a round has opened: their checklist and the deadline."""
    for reminder in reminders:
        municipality = reminder.municipality
        lines = [
            f"{municipality.name} 相談窓口ガイドのご担当者様",
            "",
            f"確認依頼「{one_line(round_)}」が始まりました。回答期限は {japanese_date(round_.deadline)}です。",
            f"確認する項目は {reminder.progress.total} 件です。管理画面のトップか、次のページから確認してください。",
            checklist_url(round_, municipality),
        ]
        if round_.message:
            lines += ["", round_.message]
        send_on_commit(f"【確認依頼】{round_}（{municipality.name}）", lines, reminder.addresses)


def notify_assignment(report, by):
    """Tell a staff member that `by` assigned them a resident's error report."""
    assignee = report.assigned_to
    lines = [
        f"{assignee.get_full_name() or assignee.get_username()} 様",
        "",
        f"{by.get_full_name() or by.get_username()} さんが、住民からの誤りの報告の担当にあなたを選びました。",
        "",
        f"窓口: {report.window_name}（{report.municipality.name}）",
        "報告の内容:",
        report.what,
        "",
        site_url(report.admin_url),
    ]
    send_on_commit(f"【誤りの報告】{report.window_name}の担当になりました", lines, [assignee.email])


def reply_to_resident(reply):
    """Send staff's reply to a resident now: the caller logs it only if this does not raise."""
    message(reply.subject, [reply.body], [reply.to]).send()
