"""Japanese public holidays, from the maintained `holidays` package (no hand-written table)."""

from datetime import date, timedelta
from functools import lru_cache

# Long enough that a page cached until the data changes still knows the holidays ahead;
# static/js/open-now.js shows nothing once the list runs out.
HORIZON = timedelta(days=366)


@lru_cache(maxsize=4)
def public_holidays(start: date) -> tuple[date, ...]:
    """Public holidays (振替休日 and 国民の休日 included) from `start` for the HORIZON."""
    # Imported here: the package takes ~0.16 s to import and only pages with a calendar need it.
    import holidays

    end = start + HORIZON
    japan = holidays.country_holidays("JP", years=range(start.year, end.year + 1))
    return tuple(sorted(day for day in japan if start <= day <= end))
