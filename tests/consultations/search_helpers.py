from consultations.models import ConsultationWindow


def listed_windows(response):
    """The windows a search page lists, in order (its page holds their ids, not rows)."""
    ids = list(response.context["page"].object_list)
    found = ConsultationWindow.objects.select_related("municipality").in_bulk(ids)
    return [found[pk] for pk in ids]
