"""For staff, beside the admin's own screens: where each municipality stands on the national
requirements, and what waits for each staff member.

`overview.py` is its rules (✓, ✗ or ?), `overview_table.py` its rows, sorting and filters,
`charts.py` the bar charts' geometry, `staff_views.py` the pages (/staff/overview/ and its CSV);
`staff_queue.py` is what waits for each staff member on the admin index.

May import consultations' models, search filters, `tristate` and `spreadsheet`; municipalities
(roles scope every count). Imported by the URL conf, the admin site's index and the overview's
filter (filters.OverviewFilter); no public page uses it.
"""
