"""French dates as written in Mali's administration: « 6 déc. 2026 », « 06/12/2026 »."""

DATE_FORMAT = "j N Y"  # 6 déc. 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j N Y, H:i"  # 6 déc. 2026, 14:05
SHORT_DATE_FORMAT = "d/m/Y"  # 06/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # lundi
