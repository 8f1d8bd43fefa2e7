"""What staff do in a day, for the backup drill (bench/drill.py): run inside `manage.py shell`.

Each edit goes through the models as the admin would, so the backup holds the rows that are
the record of who changed what: history with its user and reason, a proposal and its approval,
the admin log, a resident's error report, and a counsellor's photo in the media storage.
"""

import datetime
import io

METRO_USER = "tocho_drill"
MUNICIPAL_USER = "chiyoda_drill"
MUNICIPALITY = "131016"


def photo_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), "seagreen").save(buffer, format="JPEG")
    return buffer.getvalue()


def make_staff_edits():
    # Imported here: bench/drill.py, which runs without Django set up, reads the names above.
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from consultations.models import ConsultationWindow, ErrorReport, WindowRevision
    from consultations.models.messages import photo_path

    users = get_user_model().objects
    metro, municipal = users.get(username=METRO_USER), users.get(username=MUNICIPAL_USER)
    windows = ConsultationWindow.objects.filter(municipality__code=MUNICIPALITY, published=True)
    first, second = windows.order_by("pk")[:2]

    first.hours = first.hours + "（祝日を除く）"
    first._history_user = metro
    first._change_reason = "訓練: 受付時間の注記"
    first.save()
    LogEntry.objects.log_actions(
        metro.pk, ConsultationWindow.objects.filter(pk=first.pk), CHANGE, "受付時間を変更"
    )

    today = timezone.localdate()
    second.message = "訓練のメッセージです。まずはお電話ください。"
    second.message_by = "相談員"
    second.message_photo = default_storage.save(
        photo_path(second, "drill.jpg"), ContentFile(photo_bytes())
    )
    second.message_photo_alt = "相談員の写真"
    second.message_consent_on = today
    second.message_expires_on = today + datetime.timedelta(days=365)
    second.fee = "無料（訓練で確認）"
    revision = WindowRevision.objects.propose(second, municipal)
    revision.approve(metro, "訓練: 確認しました")

    ErrorReport.objects.create(
        window=first,
        municipality=first.municipality,
        window_name=first.name,
        what="訓練: 電話番号が違うようです",
    )
    print(f"edited windows {first.pk} and {second.pk}; photo {second.message_photo.name}")
