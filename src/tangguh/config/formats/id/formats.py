# Indonesian conventions: 1.234.567,89 and 30 November 2026 14.05.
# One format per kind everywhere: the short formats are the long ones, so that a list
# and the page beside it never show the same date two ways.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H.i"
TIME_FORMAT = "H.i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
