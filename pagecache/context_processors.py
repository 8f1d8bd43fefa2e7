def page_version(request):
    """The public page's variant (release, data version, language), for the one fragment that
    is cached inside a page: a search result's window card (includes/window_card_cached.html)."""
    return {"page_version": getattr(request, "page_version", "")}
