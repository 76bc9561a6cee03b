"""English dates: the day before the month, never the month first (read across the network, not only in the US).

Named formats only in templates (``|date:"SHORT_DATE_FORMAT"``); exports (CSV/XLSX) keep ISO dates.
"""

DATE_FORMAT = "j M Y"  # 6 Dec 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"  # 6 Dec 2026, 14:05
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-12-06: unambiguous in tables
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
