from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...mail import send_round_reminders
from ...models import ConfirmationRound


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
        parser.add_argument(
            "--days-left",
            type=int,
            metavar="N",
            help="only when the deadline is N days away (for a daily cron job: once, N days before)",
        )

    def handle(self, *args, email=False, round=None, days_left=None, **options):
        round_ = self.find_round(round)
        if round_ is None:
            self.stdout.write("受付中の確認依頼はありません。")
            return
        left = (round_.deadline - timezone.localdate()).days
        if days_left is not None and left != days_left:
            self.stdout.write(
                f"回答期限まで {left} 日です（{days_left} 日前ではないので送りません）。"
            )
            return
        reminders = round_.reminders()
        self.stdout.write(
            f"確認依頼「{round_}」（回答期限 {round_.deadline:%Y-%m-%d}）: "
            f"まだ終えていない区市町村 {len(reminders)} / {round_.municipality_count()}"
        )
        for reminder in reminders:
            municipality = reminder.municipality
            self.stdout.write(
                f"{municipality.code} {municipality.name}: {reminder.progress.label}"
                f" 宛先: {', '.join(reminder.addresses) or 'なし（この区市町村の職員にメールアドレスがありません）'}"
            )
        if email:
            sent, failed = send_round_reminders(reminders)
            self.stdout.write(f"{len(sent)}件のお知らせを送りました。")
            if failed:
                raise CommandError(f"送れなかったお知らせがあります: {'、'.join(failed)}")

    def find_round(self, round_id):
        if round_id is None:
            return ConfirmationRound.objects.current()
        round_ = ConfirmationRound.objects.filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(f"確認依頼 {round_id} はありません。")
        return round_
