"""The survey file: the annual export and import of windows as a spreadsheet.

`resources.py` is its columns and checks (django-import-export), `cells.py` how one cell is
written and read back, `import_uploads.py` which uploaded file a staff session may confirm.
The admin screen that uses them is consultations/admin/imports.py.

May import consultations' models, `tristate`, `readings` and `spreadsheet`; municipalities.
Only admin imports it.
"""
