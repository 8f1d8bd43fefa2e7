"""Values every public page of one data version shares, built once per worker process.

An uncached search still needs the municipality list (its select and place notes) and the
Support-Net (the fallback box); loading them through the ORM was a third of the page's cost.
They depend on the data alone, so each worker keeps the latest copy under the data version the
request was served for: a save anywhere moves the version and the next request rebuilds them.
Outside a public page (no version on the request) the value is simply built.

Values are shared by every request of the worker: treat them as read-only.
"""

_latest = {}


def per_version(request, name, build):
    version = getattr(request, "data_version", None)
    if version is None:
        return build()
    held = _latest.get(name)
    if held is not None and held[0] == version:
        return held[1]
    value = build()
    _latest[name] = (version, value)
    return value


def clear():
    _latest.clear()
