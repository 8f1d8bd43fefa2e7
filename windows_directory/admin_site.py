"""The admin site, whose index shows each staff member what waits for them."""

from django.contrib import admin


class StaffAdminSite(admin.AdminSite):
    def index(self, request, extra_context=None):
        # Imported here, not at the top: the admin loads this class while the apps start.
        from consultations.staff.staff_queue import index_context

        return super().index(request, {**index_context(request), **(extra_context or {})})
