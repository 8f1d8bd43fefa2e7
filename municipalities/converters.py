class MunicipalityCodeConverter:
    """Six ASCII digits: anything else in a municipality URL is a 404 before any query runs
    (PostgreSQL, for one, refuses a NUL byte in a lookup)."""

    regex = "[0-9]{6}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
