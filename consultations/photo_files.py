"""Counsellors' photos in storage: who may open each."""

from municipalities.roles import ALL_MUNICIPALITIES, scope_filter, staff_municipality

from .models import ConsultationWindow, WindowRevision


def visible_to(user, name):
    """Whether staff `user` may open the photo: 都職員 any; municipal staff those of their own
    municipality's windows, their history and their proposals."""
    if staff_municipality(user) == ALL_MUNICIPALITIES:
        return True
    scope = scope_filter(user, "municipality")
    return (
        ConsultationWindow._base_manager.filter(scope, message_photo=name).exists()
        or ConsultationWindow.history.filter(scope, message_photo=name).exists()
        or WindowRevision.objects.filter(scope, data__message_photo=name).exists()
    )
