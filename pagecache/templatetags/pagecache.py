import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.utils.safestring import mark_safe

register = template.Library()


def _token(value):
    if isinstance(value, models.Model):
        return f"{value._meta.label}.{value.pk}"
    return repr(value)


@register.simple_tag(takes_context=True)
def cached_include(context, template_name, **values):
    """``{% include template_name with … only %}``, cached for the current data version.

    For fragments that depend only on ``values`` and data tracked by pagecache (a window card
    costs ~0.7 ms to render; a search page at national scale has 50). The key is the public
    page's variant (release, data version, language, the page's ``key``) plus the template and
    the values, so it goes stale exactly when the page would. Outside a public page it just
    renders.
    """
    template_ = context.template.engine.get_template(template_name)
    variant = getattr(context.get("request"), "public_page_variant", None)
    if variant is None:
        return template_.render(context.new(values))
    parts = [variant, template_name, *(f"{k}={_token(v)}" for k, v in sorted(values.items()))]
    key = "fragment:" + hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()
    cache = caches[settings.PUBLIC_PAGE_CACHE]
    html = cache.get(key)
    if html is None:
        html = template_.render(context.new(values))
        cache.set(key, str(html))
    return mark_safe(html)
