"""Date formats per language (FORMAT_MODULE_PATH): one unambiguous format per locale, so that
`{{ d|date }}`, `date:"SHORT_DATE_FORMAT"` and `date:"SHORT_DATETIME_FORMAT"` read the same on
every page, PDF and chart. Date inputs keep ISO (type=date), so the input formats stay Django's.
"""
