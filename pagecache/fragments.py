"""Rendered fragments cached for the public page's variant (release, data version, language…).

A fragment's key is the page variant plus the template and the values it is rendered with, so
it goes stale exactly when the page would. Outside a public page nothing is cached.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.template import Context, engines
from django.utils.safestring import mark_safe


def token(value):
    if isinstance(value, models.Model):
        return model_token(type(value), value.pk)
    return repr(value)


def model_token(model, pk):
    return f"{model._meta.label}.{pk}"


def fragment_key(variant, template_name, tokens):
    parts = [variant, template_name, *(f"{k}={v}" for k, v in sorted(tokens.items()))]
    return "fragment:" + hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()


def cache():
    return caches[settings.PUBLIC_PAGE_CACHE]


def render_each(request, template_name, model, pks, load, name, **values):
    """One fragment per row of ``model``, in the order of ``pks``, e.g. a page of window cards.

    Cached fragments need no row at all: ``load(missing_pks)`` (→ {pk: instance}) is called once,
    for the misses only, so a search whose cards are cached costs its id query and nothing more.
    The keys are those ``{% cached_include template_name name=instance …values %}`` uses.
    A row ``load`` no longer returns (deleted or unpublished since the ids were read) is left out.
    """
    template = engines["django"].engine.get_template(template_name)
    variant = getattr(request, "public_page_variant", None)
    fixed = {k: token(v) for k, v in values.items()}
    keys = {
        pk: fragment_key(variant or "", template_name, fixed | {name: model_token(model, pk)})
        for pk in pks
    }
    found = cache().get_many(keys.values()) if variant is not None else {}
    missing = [pk for pk in pks if keys[pk] not in found]
    if missing:
        rows = load(missing)
        rendered = {}
        for pk in missing:
            if pk not in rows:
                continue
            context = Context({**values, name: rows[pk]}, autoescape=template.engine.autoescape)
            rendered[keys[pk]] = str(template.render(context))
        if variant is not None:
            cache().set_many(rendered)
        found |= rendered
    return [mark_safe(found[keys[pk]]) for pk in pks if keys[pk] in found]
