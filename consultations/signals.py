from django.db.models.signals import post_save
from django.dispatch import receiver

from municipalities.models import Municipality
from pagecache.versions import track

from .models import ConsultationWindow, OpeningHours, refresh_search_text

track(Municipality, ConsultationWindow, OpeningHours)


@receiver(post_save, sender=Municipality)
def refold_window_search_text(sender, instance, raw, **kwargs):
    # Fixtures carry their own folded text; loaddata must not touch other rows.
    if not raw:
        refresh_search_text(instance)
