"""Matchmaking pages: profiles, recommendations, introductions and collaborations (pages.py),
value chains (chains.py); what they share is in base.py."""
