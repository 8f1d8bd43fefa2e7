"""Opening hours: a window's weekly hours as text, and the days it is closed.

`weekly_hours.py` is the canonical text (月〜金 9:00〜17:00) that review, history and the
OpeningHours rows go through, `hours_text.py` reads a free-text note into it where it cannot mean
two things, `calendar.py` is Japan's public holidays.

Plain helpers: imports nothing from the project, so models may import it.
"""
