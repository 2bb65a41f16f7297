"""Logging filters for the site's log."""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """Log a refused request (4xx) as its one-line message, without the exception's traceback.

    Django attaches the PermissionDenied or Http404 that produced a 403 or 404 to the log record,
    so every refused page printed a full traceback: noise that hides real errors. A 5xx keeps it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
