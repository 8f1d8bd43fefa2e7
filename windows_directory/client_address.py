"""The address a request really came from, for login lockouts and rate limits.

Behind PROXY_COUNT reverse proxies that each append the address they received the request from
to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), the client is that many entries from
the right: everything further left was written by the client and may be forged. Without a proxy
the header is ignored. One rule for django-axes (AXES_CLIENT_IP_CALLABLE) and the report form.
"""

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.PROXY_COUNT
    if not hops:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    # Fewer entries than proxies: the request skipped a proxy; the nearest one is all we know.
    return forwarded[-hops] if len(forwarded) >= hops else remote
