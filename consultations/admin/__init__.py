"""The back-office: one module per screen; importing them registers them with the admin site."""

from . import municipalities, own_revisions, reports, revisions, rounds, windows  # noqa: F401
