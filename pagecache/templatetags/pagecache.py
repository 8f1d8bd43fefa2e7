from django import template
from django.utils.safestring import mark_safe

from pagecache.fragments import cache, fragment_key, token

register = template.Library()


@register.simple_tag(takes_context=True)
def cached_include(context, template_name, **values):
    """``{% include template_name with … only %}``, cached for the current data version.

    For fragments that depend only on ``values`` and data tracked by pagecache (a window card
    costs ~0.7 ms to render; a search page at national scale has 50). The key is the public
    page's variant (release, data version, language, the page's ``key``) plus the template and
    the values, so it goes stale exactly when the page would. Outside a public page it just
    renders. ``pagecache.fragments.render_each`` fills and reads the same keys for many rows.
    """
    template_ = context.template.engine.get_template(template_name)
    variant = getattr(context.get("request"), "public_page_variant", None)
    if variant is None:
        return template_.render(context.new(values))
    key = fragment_key(variant, template_name, {k: token(v) for k, v in values.items()})
    html = cache().get(key)
    if html is None:
        html = template_.render(context.new(values))
        cache().set(key, str(html))
    return mark_safe(html)
