"""The back-office: one module per screen; importing them registers them with the admin site."""

from . import municipalities, reports, revisions, windows  # noqa: F401
