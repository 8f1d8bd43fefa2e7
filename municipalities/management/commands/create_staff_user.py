import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from municipalities.models import Municipality, StaffAssignment
from municipalities.roles import METRO_GROUP, MUNICIPAL_GROUP

PASSWORD_VARIABLE = "DJANGO_STAFF_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create or update a staff user: --municipality CODE for municipal staff, --metro for "
        f"metropolitan staff. The password comes from {PASSWORD_VARIABLE}, else it is asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        role = parser.add_mutually_exclusive_group(required=True)
        role.add_argument("--municipality", metavar="CODE", help="6-digit local government code")
        role.add_argument("--metro", action="store_true", help="metropolitan staff (都職員)")
        parser.add_argument(
            "--email", help="where this user's notices go (decisions, assignments, reminders)"
        )

    def handle(self, *args, username, municipality, metro, email=None, **options):
        municipality = self.find_municipality(municipality) if municipality else None
        if email is not None:
            email = self.check_email(email)
        User = get_user_model()
        existing = User.objects.filter(username=username).first()
        if existing is not None and existing.is_superuser:
            raise CommandError(f"{username} はスーパーユーザーです。このコマンドでは変更しません。")
        user = existing or User(username=username)
        password = self.read_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("パスワードが弱すぎます: " + " ".join(error.messages)) from None

        with transaction.atomic():
            user.is_staff = True
            user.is_active = True
            user.set_password(password)
            if email is not None:
                user.email = email
            user.save()
            user.groups.remove(*Group.objects.filter(name__in=[METRO_GROUP, MUNICIPAL_GROUP]))
            if metro:
                user.groups.add(Group.objects.get(name=METRO_GROUP))
                StaffAssignment.objects.filter(user=user).delete()
                role = "都職員（すべての区市町村）"
            else:
                user.groups.add(Group.objects.get(name=MUNICIPAL_GROUP))
                StaffAssignment.objects.update_or_create(
                    user=user, defaults={"municipality": municipality}
                )
                role = f"区市町村職員（{municipality.name} {municipality.code}）"
        verb = "更新しました" if existing else "作成しました"
        self.stdout.write(f"{username} を{role}として{verb}。")

    def find_municipality(self, code):
        found = Municipality.objects.filter(code=code.strip()).first()
        if found is None:
            raise CommandError(
                f"区市町村コード {code} はありません（6桁の地方公共団体コード。例: 足立区 131211）。"
            )
        return found

    def check_email(self, email):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"メールアドレス {email} の形が正しくありません。") from None
        return email

    def read_password(self):
        password = os.environ.get(PASSWORD_VARIABLE)
        if password:
            return password
        if not sys.stdin.isatty():
            raise CommandError(
                f"パスワードを {PASSWORD_VARIABLE} に設定するか、端末から実行してください。"
            )
        password = getpass.getpass("パスワード: ")
        if password != getpass.getpass("パスワード（確認）: "):
            raise CommandError("2回のパスワードが一致しません。")
        return password
