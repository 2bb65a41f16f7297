"""Matchmaking pages: profiles, recommendations, introductions and collaborations (pages.py),
value chains (chains.py)."""

# The matchmaking layout, for the pages drawn by common/ templates (form pages) too.
LAYOUT = "matchmaking/base.html"
