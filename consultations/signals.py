from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from municipalities.models import Municipality
from pagecache.versions import track

from . import photo_files
from .models import (
    ConsultationWindow,
    OpeningHours,
    RevisionStatus,
    WindowRevision,
    refresh_search_text,
)

track(Municipality, ConsultationWindow, OpeningHours)


@receiver(post_save, sender=Municipality)
def refold_window_search_text(sender, instance, raw, **kwargs):
    # Fixtures carry their own folded text; loaddata must not touch other rows.
    if not raw:
        refresh_search_text(instance)


# Photos nothing holds any more are deleted once the change that dropped them commits
# (photo_files says why, and what history then shows).
@receiver(pre_save, sender=ConsultationWindow)
def note_stored_photo(sender, instance, raw, **kwargs):
    if not raw and instance.pk is not None:
        instance._stored_photo = (
            sender._base_manager.filter(pk=instance.pk)
            .values_list("message_photo", flat=True)
            .first()
        )


@receiver(post_save, sender=ConsultationWindow)
def delete_replaced_photo(sender, instance, raw, **kwargs):
    stored = getattr(instance, "_stored_photo", None)
    if stored and stored != instance.message_photo.name:
        photo_files.delete_when_unused([stored])


@receiver(post_delete, sender=ConsultationWindow)
def delete_photo_of_deleted_window(sender, instance, **kwargs):
    photo_files.delete_when_unused([instance.message_photo.name])


@receiver(post_save, sender=WindowRevision)
def delete_photos_of_decided_proposal(sender, instance, raw, **kwargs):
    # Approved: the window's old photo; rejected: the one proposed.
    if not raw and instance.status in (RevisionStatus.APPROVED, RevisionStatus.REJECTED):
        photo_files.delete_when_unused(
            [instance.data.get("message_photo"), instance.base_data.get("message_photo")]
        )
