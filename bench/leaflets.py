"""Time the printable leaflets on the real data and print the figures.

    .venv/bin/python bench/leaflets.py [--repeat N]

Loads the committed fixtures into a throwaway SQLite database, then measures:
- the 62 municipality leaflets rendered cold one by one, as /leaflets/<code>.pdf does on a cache
  miss (pages per second);
- all 62 leaflets as one PDF (the admin action with every municipality selected), target < 12 s
  (issue 21);
- /leaflets/all.pdf, cold;
- a cached leaflet served through the Django test client (median of N), target < 50 ms.
The machine may be shared: the load average and CPU seconds are printed next to wall time.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def setup_django(database):
    # bench/ holds http.py, named like the standard library package: the project root replaces it.
    sys.path[0] = str(BASE_DIR)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    # The test client speaks plain HTTP: no redirect to HTTPS here.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ["DJANGO_SETTINGS_MODULE"] = "windows_directory.settings"
    # Static files come from the app folders here; WhiteNoise only notes that nothing is collected.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    fixtures = BASE_DIR / "fixtures"
    call_command(
        "loaddata", fixtures / "municipalities.json", fixtures / "windows.json", verbosity=0
    )


class Timer:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def __str__(self):
        return f"{self.wall:6.2f} s wall ({self.cpu:5.2f} s CPU)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="requests for the cached median")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.conf import settings
        from django.core.cache import caches
        from django.test import Client

        from consultations.printing import leaflets, pdf
        from municipalities.models import Municipality

        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        with Timer() as t:
            import weasyprint  # noqa: F401
        print(f"import weasyprint:                  {t}")

        municipalities = list(Municipality.objects.local())
        contexts = leaflets.leaflet_contexts(municipalities)
        pages = 0
        with Timer() as t:
            for context in contexts:
                document, (leaflet,) = pdf.leaflet_pages([context])
                document.copy(leaflet).write_pdf()
                pages += len(leaflet)
        print(
            f"62 leaflets one by one ({pages} pages): {t}  "
            f"{len(contexts) / t.wall:.1f} pages/s, {t.wall / len(contexts) * 1000:.0f} ms each"
        )

        with Timer() as t:
            all_pdf = pdf.leaflets_pdf(leaflets.leaflet_contexts(municipalities))
        print(
            f"62 leaflets as one PDF:             {t}  ({len(all_pdf) / 1e6:.2f} MB)  target < 12 s"
        )

        client = Client()
        caches[settings.PUBLIC_PAGE_CACHE].clear()
        with Timer() as t:
            response = client.get("/leaflets/all.pdf")
        assert response.status_code == 200
        print(f"/leaflets/all.pdf cold:             {t}  ({len(response.content) / 1e6:.2f} MB)")

        url = "/leaflets/131164.pdf"
        with Timer() as t:
            assert client.get(url).status_code == 200
        print(f"{url} cold:          {t}")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        print(
            f"{url} cached:        median {statistics.median(times):.1f} ms, "
            f"max {max(times):.1f} ms over {args.repeat}  target < 50 ms"
        )
        print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
