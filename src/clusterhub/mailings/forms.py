"""Filled in by the mailings work of issue 18."""
