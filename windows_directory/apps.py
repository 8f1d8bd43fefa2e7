from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """django.contrib.admin with the directory's own site (windows_directory.admin_site)."""

    default_site = "windows_directory.admin_site.StaffAdminSite"
