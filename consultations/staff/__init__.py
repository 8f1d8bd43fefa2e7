"""The staff overview: where each municipality stands on the national requirements.

`overview.py` is its rules (✓, ✗ or ?), `overview_table.py` its rows, sorting and filters,
`charts.py` the bar charts' geometry, `staff_views.py` the pages (/staff/overview/ and its CSV);
`staff_queue.py` is what waits for each staff member on the admin index.

May import consultations' models, search filters, `tristate` and `spreadsheet`; municipalities
(roles scope every count). Public pages never import it.
"""
