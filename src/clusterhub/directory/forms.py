"""Filled in by the directory work of issue 18."""
