"""Filled in by the membership work of issue 18."""
