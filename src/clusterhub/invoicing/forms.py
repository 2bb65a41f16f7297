"""Filled in by the invoicing work of issue 18."""
