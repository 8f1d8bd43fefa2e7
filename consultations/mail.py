"""Staff e-mail: what each notice says and to whom; the models decide when.

Every notice is sent after the transaction that caused it commits (a rolled-back approval
tells nobody), and a mail server that is down is logged, never shown to the staff member
whose save caused the notice as an error: their work is already stored.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction


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
