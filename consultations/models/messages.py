"""相談員からのメッセージ: a counsellor's short message and optional photo on a window's page.

Tokyo's wards found that a counsellor's face and a few words of their own made families feel
safe to call. Staff rotate, and the person shown must have agreed: a card is shown only with
the date of that consent and until its expiry date, after which it disappears from public
pages, leaflets and the open data by itself (pages are cached per day: see
pagecache.decorators.calendar_day) and shows up for staff in message_expired().
"""

import uuid
from pathlib import PurePosixPath

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

MESSAGE_LENGTH = 200
# Where photos are stored (through Django's storage API) and how their names look; the public
# photo view and the PDF fetcher serve only names of this shape.
PHOTO_FOLDER = "messages"
PHOTO_NAME = r"messages/[0-9a-f]{32}\.(?:jpg|png)"


def photo_path(instance, filename):
    """A random name: the uploaded file's own name may say who is in it."""
    return f"{PHOTO_FOLDER}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


class MessageCardQuerySet(models.QuerySet):
    def with_message_card(self):
        return self.filter(~Q(message="") | ~Q(message_photo=""))

    def message_expired(self, today=None):
        """Windows whose card is not shown: past its expiry date, or missing the consent or the
        expiry date (the annual confirmation round lists them)."""
        today = today or timezone.localdate()
        return self.with_message_card().filter(
            Q(message_expires_on__lt=today)
            | Q(message_expires_on__isnull=True)
            | Q(message_consent_on__isnull=True)
        )


class MessageCard(models.Model):
    """The card's fields and when it is shown (abstract: the window's)."""

    message = models.TextField(
        "相談員からのメッセージ",
        blank=True,
        validators=[MaxLengthValidator(MESSAGE_LENGTH)],
        help_text=f"{MESSAGE_LENGTH}字以内。ご本人・ご家族へ、相談員が自分の言葉で。"
        "窓口のページとチラシに載ります。",
    )
    message_by = models.CharField(
        "メッセージを書いた人",
        max_length=60,
        blank=True,
        help_text="職種と名前（例: 相談員（社会福祉士） 山田）。名前を出さないときは職種だけ。",
    )
    message_photo = models.ImageField(
        "写真またはイラスト",
        upload_to=photo_path,
        max_length=100,
        blank=True,
        help_text="JPEG・PNG・WebP、10MBまで。長い辺が800ピクセルに縮められ、"
        "撮影日時や位置などの情報は消して保存されます。",
    )
    message_photo_alt = models.CharField(
        "写真の説明",
        max_length=120,
        blank=True,
        help_text="画面の読み上げで読まれます。例: 相談員の山田の写真。写真を載せるときは必ず書きます。",
    )
    message_consent_on = models.DateField(
        "掲載の同意を得た日",
        null=True,
        blank=True,
        help_text="メッセージ・名前・写真を載せることに本人が同意した日。",
    )
    message_expires_on = models.DateField(
        "掲載の期限",
        null=True,
        blank=True,
        help_text="この日まで載せます。翌日から公開ページとチラシに出なくなります（異動に合わせて）。"
        "年に一度の確認で、延ばすか書き換えてください。",
    )

    class Meta:
        abstract = True

    @property
    def has_message_card(self):
        return bool(self.message or self.message_photo)

    def shows_message_card(self, today=None):
        today = today or timezone.localdate()
        return (
            self.has_message_card
            and self.message_consent_on is not None
            and self.message_expires_on is not None
            and today <= self.message_expires_on
        )

    @property
    def message_card(self):
        """The card as residents see it today, or None (none, no consent, or expired)."""
        return self if self.shows_message_card() else None

    def message_card_errors(self):
        """{field: [message]}: a card needs consent and an expiry date, and a photo its description."""
        if not self.has_message_card:
            return {}
        errors = {}
        if self.message_consent_on is None:
            errors["message_consent_on"] = [
                "メッセージや写真を載せるには、本人が同意した日を入れてください。"
            ]
        if self.message_expires_on is None:
            errors["message_expires_on"] = [
                "メッセージや写真を載せるには、掲載の期限を入れてください（異動の予定などに合わせて）。"
            ]
        elif self.message_consent_on and self.message_expires_on < self.message_consent_on:
            errors["message_expires_on"] = ["掲載の期限が、同意を得た日より前になっています。"]
        if self.message_photo and not self.message_photo_alt.strip():
            errors["message_photo_alt"] = [
                "写真を載せるときは、写真の説明を書いてください（画面の読み上げで読まれます）。"
            ]
        return errors

    def store_uploads(self):
        """Write a newly uploaded photo to storage now: a proposal holds its name, not the file."""
        photo = self.message_photo
        if photo and not photo._committed:
            photo.save(photo.name, photo.file, save=False)
