def listed_windows(response):
    """The windows a search page lists, in order."""
    return list(response.context["page"].object_list)
