"""Print how long the annual-survey round trip takes on the real data.

Exports every window with the admin's resource, imports the file back unchanged
(all rows skipped: no saves, no history), then imports it with one cell changed in
every row (a save with history each). Run: .venv/bin/python bench/admin_import_roundtrip.py
"""

import os
import sys
import time
from pathlib import Path

# bench/ holds http.py, named like the standard library package: the project root replaces it.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "windows_directory.test_settings")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

import tablib  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from consultations.models import ConsultationWindow  # noqa: E402
from consultations.survey.resources import WindowResource  # noqa: E402


def timed(label, action):
    start = time.perf_counter()
    result = action()
    print(f"{label}: {(time.perf_counter() - start) * 1000:.0f} ms")
    return result


call_command("migrate", verbosity=0)
fixtures = settings.BASE_DIR / "fixtures"
call_command("loaddata", fixtures / "municipalities.json", fixtures / "windows.json", verbosity=0)
user = get_user_model().objects.create_superuser("bench", password="bench-password-1")
windows = ConsultationWindow.objects.count()

dataset = timed(f"export {windows} windows (CSV)", lambda: WindowResource(user=user).export())
csv_bytes = dataset.csv.encode("utf-8-sig")
print(f"CSV size: {len(csv_bytes)} bytes")

unchanged = tablib.Dataset().load(csv_bytes.decode("utf-8-sig"), format="csv")
result = timed(
    "import unchanged (dry run + real)",
    lambda: [
        WindowResource(user=user).import_data(unchanged, dry_run=dry) for dry in (True, False)
    ][-1],
)
print(
    f"  rows skipped: {result.totals['skip']}, history records: {ConsultationWindow.history.count()}"
)

changed = tablib.Dataset().load(csv_bytes.decode("utf-8-sig"), format="csv")
column = changed.headers.index("費用")
changed = tablib.Dataset(
    *[row[:column] + ("無料（改訂）",) + row[column + 1 :] for row in changed],
    headers=changed.headers,
)
result = timed(
    "import with every row changed (real)",
    lambda: WindowResource(user=user).import_data(changed, dry_run=False),
)
print(
    f"  rows updated: {result.totals['update']}, history records: {ConsultationWindow.history.count()}"
)
