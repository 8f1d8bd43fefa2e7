from django.core.management.base import BaseCommand

from ... import photo_files


class Command(BaseCommand):
    help = (
        "List counsellors' photos in storage that no window or pending proposal holds; "
        "with --delete, delete them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="delete the photos listed")

    def handle(self, *args, delete=False, **options):
        names = photo_files.orphans()
        for name in names:
            self.stdout.write(name)
        if not delete:
            self.stdout.write(
                f"使われていない写真 {len(names)} 件（削除するには --delete を付けて実行）。"
            )
            return
        # Checked again one by one: a revert may have taken one up since the list was made.
        deleted = photo_files.delete_unused(names)
        self.stdout.write(f"使われていない写真 {len(deleted)} 件を削除しました。")
