"""Printing: leaflets and printed search results, in the browser and as PDF.

`leaflets.py` is what a leaflet shows and how densely it prints, `pdf.py` lays a printable page
out with WeasyPrint (imported only when a PDF is asked for), `leaflet_views.py` serves /leaflets/
and the printed search results.

May import consultations' models, search filters and `first_call`; municipalities; pagecache.
Besides the URL conf, the public views (the shortlist, the 相談メモ) and admin use `pdf.py` to
print their own pages, and the leaflet template tags read `leaflets.py`.
"""
