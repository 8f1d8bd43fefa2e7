"""Synthetic municipalities and windows for the scale run: all 1,741 municipalities of Japan.

Only ever loaded into the benchmark's scratch database, never into fixtures/. Codes carry a
valid check digit but use prefectures other than Tokyo (13); names say 合成 (synthetic).
"""

import random

from consultations.models import ConsultationWindow, Method, Who, method_field, target_field
from municipalities.codes import from_five_digits
from municipalities.models import Kind, Municipality, Region
from pagecache.versions import bump

MUNICIPALITIES_OF_JAPAN = 1741
WINDOWS_TOTAL = 5000


def synthetic_codes(count):
    prefectures = [p for p in range(1, 48) if p != 13]
    codes = (from_five_digits(f"{p:02d}{n:03d}") for n in range(201, 1000) for p in prefectures)
    return [next(codes) for _ in range(count)]


def populate(seed=6):
    rng = random.Random(seed)
    existing = Municipality.objects.local().count()
    regions = list(Region)
    municipalities = [
        Municipality(
            code=code,
            name=f"合成{i:04d}市",
            name_kana=f"ごうせい{i:04d}し",
            name_en=f"Synthetic {i:04d} City",
            kind=Kind.CITY,
            region=regions[i % len(regions)],
        )
        for i, code in enumerate(synthetic_codes(MUNICIPALITIES_OF_JAPAN - existing), start=1)
    ]
    Municipality.objects.bulk_create(municipalities)

    tri = [True, True, True, False, None]
    windows = []
    for i in range(WINDOWS_TOTAL - ConsultationWindow.objects.count()):
        municipality = municipalities[i % len(municipalities)]
        window = ConsultationWindow(
            municipality=municipality,
            name=f"合成ひきこもり相談窓口{i:05d}",
            department="合成福祉部",
            phone="",
            hours="平日 9:00〜17:00（合成データ）",
            display_order=i // len(municipalities) + 1,
            published=rng.random() < 0.9,
            age_min=rng.choice([None, None, 15, 18]),
            age_max=rng.choice([None, None, None, 39, 64]),
            **{method_field(m): rng.choice(tri) for m in Method.values},
            **{target_field(w): rng.choice(tri) for w in Who.values},
        )
        window.search_text = window.build_search_text()
        windows.append(window)
    ConsultationWindow.objects.bulk_create(windows, batch_size=500)
    # bulk_create sends no signals: tell the public page cache by hand.
    bump()
    return len(municipalities), len(windows)
