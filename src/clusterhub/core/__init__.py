"""Pure-Python domain logic: no Django, no database, fully typed."""
