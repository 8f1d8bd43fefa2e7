"""Open data: the published windows as files and as an API, under /data/.

`opendata.py` is their columns (the CSV, the JSON and the column documentation all come from
it), `catalogue.py` the metadata that describes them (Data Package, schema.org, DCAT), `hsds.py`
the same windows as Open Referral HSDS 3.0 objects and `hsds_openapi.py` that API's description.
`data_urls.py`, `data_views.py` and `hsds_views.py` serve them; `data_query.py` checks the
parameters they take.

May import consultations' models, search filters, `spreadsheet` and `hours`; municipalities;
pagecache. Only the URL confs import it.
"""
