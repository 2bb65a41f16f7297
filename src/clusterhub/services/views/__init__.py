"""Pages of the services area: the portfolio, pipeline, gaps and comparison (portfolio.py),
the needs surveys (surveys.py); what both share is in base.py."""
