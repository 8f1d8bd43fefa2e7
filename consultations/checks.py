from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def site_url_is_absolute(app_configs, **kwargs):
    """Leaflets print SITE_URL and encode it in their QR codes: a wrong one misleads on paper."""
    parts = urlsplit(settings.SITE_URL or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return []
    return [
        Error(
            f"SITE_URL must be the site's absolute address, not {settings.SITE_URL!r}.",
            hint="Set SITE_URL, e.g. https://soudan.example.lg.jp: leaflets print it and "
            "their QR codes lead there.",
            id="consultations.E001",
        )
    ]
