from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError

from municipalities.models import Municipality
from municipalities.roles import municipal_staff_of

from ...models import ConfirmationRound, RoundState, progress_of


class Command(BaseCommand):
    help = (
        "List the municipalities that have not finished the open confirmation round (確認依頼); "
        "with --email, e-mail each one's staff what is left."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--email", action="store_true", help="e-mail the staff of each unfinished municipality"
        )
        parser.add_argument(
            "--round", type=int, metavar="ID", help="a round other than the open one"
        )

    def handle(self, *args, email=False, round=None, **options):
        round_ = self.find_round(round)
        if round_ is None:
            self.stdout.write("受付中の確認依頼はありません。")
            return
        municipalities = round_.with_progress(Municipality.objects.local().order_by("code"))
        # A municipality whose only open items wait for a 都職員's approval has nothing to do.
        unfinished = [
            m
            for m in municipalities
            if progress_of(m).state not in (RoundState.DONE, RoundState.WAITING)
        ]
        self.stdout.write(
            f"確認依頼「{round_}」（回答期限 {round_.deadline:%Y-%m-%d}）: "
            f"まだ終えていない区市町村 {len(unfinished)} / {len(municipalities)}"
        )
        connection = get_connection() if email else None
        sent = 0
        for municipality in unfinished:
            addresses = sorted(
                {user.email for user in municipal_staff_of(municipality.code) if user.email}
            )
            self.stdout.write(
                f"{municipality.code} {municipality.name}: {progress_of(municipality).label}"
                f" 宛先: {', '.join(addresses) or 'なし（この区市町村の職員にメールアドレスがありません）'}"
            )
            if email and addresses:
                self.reminder(round_, municipality, addresses, connection).send()
                sent += 1
        if email:
            self.stdout.write(f"{sent}件のお知らせを送りました。")

    def find_round(self, round_id):
        if round_id is None:
            return ConfirmationRound.objects.current()
        round_ = ConfirmationRound.objects.filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(f"確認依頼 {round_id} はありません。")
        return round_

    def reminder(self, round_, municipality, addresses, connection):
        left = round_.checklist(municipality).left
        deadline = round_.deadline
        lines = [
            f"{municipality.name} 相談窓口ガイドのご担当者様",
            "",
            f"確認依頼「{round_}」の回答期限は {deadline.year}年{deadline.month}月{deadline.day}日です。",
            f"まだ確認されていない項目が {len(left)} 件あります。",
            "",
            *(f"・{item.name}" for item in left),
            "",
            "管理画面のトップに確認の一覧があります。内容が変わっていなければ「内容に変更なし」を、"
            "変わっていれば「編集する」から直してください。",
            f"{settings.SITE_URL}/{settings.ADMIN_PATH}",
        ]
        if round_.message:
            lines += ["", round_.message]
        # The admin refuses a title with a line break, but a round saved before that (or outside
        # the admin) may have one, and Django would refuse the whole mail for it.
        title = " ".join(str(round_).splitlines())
        return EmailMessage(
            subject=f"【確認のお願い】{title}（{municipality.name}）",
            body="\n".join(lines),
            to=addresses,
            connection=connection,
        )
