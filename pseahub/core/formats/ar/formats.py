"""Arabic dates: month names in Arabic, Western (Latin) digits as used across the region's offices and in
reports' references; day, month, year in that order (numbers keep left-to-right inside right-to-left text)."""

DATE_FORMAT = "j F Y"  # 6 ديسمبر 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"  # 6 ديسمبر 2026، 14:05
SHORT_DATE_FORMAT = "d/m/Y"  # 06/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
