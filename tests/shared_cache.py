"""What the shared cache (settings.CACHES["default"]) holds, whichever backend it is."""

from django.core.cache import cache
from django.db import connection


def shared_cache_keys():
    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):  # Redis
        return [key.decode() for key in cache._cache.get_client().keys("*")]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(cache._table)}")
        return [key for (key,) in cursor.fetchall()]
