"""PDFs of the printable pages: the screen view's HTML laid out by WeasyPrint.

Browser printing and the PDF share one template and one print stylesheet
(static/css/leaflet.css). WeasyPrint is imported only when a PDF is asked for (~0.5 s). Each
PDF is made while holding one of the worker's few render slots (pdf_limit).
"""

import functools
import logging
import mimetypes
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from ..models import PHOTO_NAME
from .leaflets import DENSITIES
from .pdf_limit import render_slot

PHOTO_PREFIX = "/photos/"
BLANK_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'

logger = logging.getLogger(__name__)


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Read /static/ from the staticfiles finders (or collected files) and counsellors'
        photos from storage; fetch nothing else.

        PDFs then render without collectstatic and never touch the network.
        """

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = urlsplit(url).path
            if path.startswith(PHOTO_PREFIX):
                return self.fetch_photo(url, path.removeprefix(PHOTO_PREFIX))
            prefix = urlsplit(settings.STATIC_URL).path
            if not path.startswith(prefix):
                raise ValueError(f"Leaflets load only static files, not {url}")
            name = path.removeprefix(prefix)
            try:
                filename = finders.find(name) or staticfiles_storage.path(name)
            except (SuspiciousFileOperation, NotImplementedError) as error:
                raise ValueError(f"No static file for {url}") from error
            with open(filename, "rb") as f:
                body = f.read()
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

        def fetch_photo(self, url, name):
            """A counsellor's photo, from storage: the template only links cards shown today."""
            if not re.fullmatch(PHOTO_NAME, name):
                raise ValueError(f"Not a counsellor's photo: {url}")
            try:
                with default_storage.open(name) as photo:
                    body, content_type = photo.read(), mimetypes.guess_type(name)[0]
            except OSError:
                # A photo lost from storage must not cost the leaflet: it prints without it.
                logger.warning("Counsellor's photo %s is missing from storage", name)
                body, content_type = BLANK_SVG, "image/svg+xml"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesFetcher


def _document(html):
    from weasyprint import HTML

    fetcher = _fetcher_class()(fail_on_errors=True)
    return HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=fetcher).render()


def _lay_out_leaflets(contexts):
    """Lay out leaflets in one document; return it and each leaflet's pages."""
    html = render_to_string("leaflets/batch.html", {"leaflets": contexts})
    document = _document(html)
    index = {f"leaflet-{c['municipality'].code}": i for i, c in enumerate(contexts)}
    pages = [[] for _ in contexts]
    owner = 0
    for page in document.pages:
        owner = next((index[a] for a in page.anchors if a in index), owner)
        pages[owner].append(page)
    return document, pages


def leaflet_pages(contexts):
    """Each leaflet's pages, at the roomiest density that fits it on one A4 page."""
    contexts = list(contexts)
    result = [None] * len(contexts)
    pending = list(range(len(contexts)))
    documents = []
    while pending:
        document, pages = _lay_out_leaflets([contexts[i] for i in pending])
        documents.append(document)
        retry = []
        for i, leaflet in zip(pending, pages, strict=True):
            density = contexts[i]["density"]
            if len(leaflet) == 1 or density == DENSITIES[-1]:
                if len(leaflet) > 1:
                    logger.warning(
                        "Leaflet %s needs %d pages even at the densest layout",
                        contexts[i]["municipality"].code,
                        len(leaflet),
                    )
                result[i] = leaflet
            else:
                contexts[i] = {**contexts[i], "density": density + 1}
                retry.append(i)
        pending = retry
    return documents[0], result


def leaflets_pdf(contexts):
    with render_slot():
        document, pages = leaflet_pages(contexts)
        return document.copy([page for leaflet in pages for page in leaflet]).write_pdf()


def html_pdf(template, context):
    with render_slot():
        return _document(render_to_string(template, context)).write_pdf()


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response
