"""Where a postal code or a municipality's name typed into a box leads, like a resident expects."""

from django.shortcuts import redirect, render
from django.urls import reverse

from municipalities import postal
from municipalities.models import Municipality
from municipalities.names import NameIndex
from municipalities.normalize import search_key, search_words

from ..models import ConsultationWindow


def municipality_url(code):
    return reverse("consultations:municipality", args=[code])


def named_municipalities(text):
    """The prefecture's municipalities `text` names (municipalities.names), exact names first."""
    if not (text or "").strip():
        return []
    # Built per request: one query for 62 rows (~1 ms); each name's spellings are kept per
    # process (names.name_keys), so indexing them takes ~0.2 ms (bench/spelling.py).
    names = (
        Municipality.objects.in_prefecture().local().only("code", "name", "name_kana", "name_en")
    )
    return NameIndex(names).find(text)


def typed_place(request, text):
    """The answer to a postal code or a name typed into a box, or None to search as usual."""
    if postal.looks_like_postal_code(text):
        return postal_code_answer(request, text)
    if named := named_municipalities(text):
        return name_answer(request, text, named)
    return None


def postal_box_answer(request, text):
    """The postal-code box's answer: a municipality's name typed there lands as in the search box."""
    return typed_place(request, text) or postal_code_answer(request, text)


def name_answer(request, text, municipalities):
    """Go straight to the one municipality the text names; let the resident choose among several."""
    if len(municipalities) == 1:
        return redirect(municipality_url(municipalities[0].code))
    return render(
        request,
        "consultations/municipality_choice.html",
        {
            "query": text,
            "choices": municipalities,
            "support_net": ConsultationWindow.objects.support_net(),
        },
    )


def postal_code_answer(request, text, link=municipality_url):
    """Go straight to the municipality of a Tokyo postal code; otherwise say why not.

    `link(code)` gives the URL a municipality leads to (its page unless told otherwise).
    """
    context = {"postal_code": text}
    status = 200
    try:
        area = postal.lookup(text)
    except postal.MalformedPostalCode:
        context["outcome"], status = "malformed", 400
    except postal.UnknownPostalCode:
        context["outcome"], status = "unknown", 404
    else:
        codes = area.municipality_codes
        if len(codes) == 1:
            return redirect(link(codes[0]))
        context["area"] = area
        if codes:
            found = Municipality.objects.in_bulk(codes)
            context["outcome"] = "choose"
            context["choices"] = [(found[c], link(c)) for c in codes if c in found]
        else:
            context["outcome"] = "outside"
    context["invalid"] = status != 200
    context["support_net"] = ConsultationWindow.objects.support_net()
    return render(request, "consultations/postal_code.html", context, status=status)


def place_notes(query):
    """Say which municipalities a place name in the query brought in, or may also mean.

    吉祥寺 lists 武蔵野市's windows (a town there); 立川 lists 立川市's and mentions 墨田区立川.
    """
    index = postal.town_index()
    notes = []
    for word in search_words(query):
        key = search_key(word)
        inside = index.municipalities_with_town(key)
        elsewhere = index.other_municipalities_with_town(key)
        if inside or elsewhere:
            notes.append((word, inside, elsewhere))
    if not notes:
        return []
    found = Municipality.objects.in_bulk({c for _, i, e in notes for c in i | e})
    return [
        {
            "word": word,
            "inside": [found[c] for c in sorted(inside) if c in found],
            "elsewhere": [found[c] for c in sorted(elsewhere) if c in found],
        }
        for word, inside, elsewhere in notes
    ]
