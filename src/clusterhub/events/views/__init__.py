"""Pages of the events area: events and their agenda (events.py), B2B meetings (b2b.py),
follow-ups (follow_ups.py); what they share is in base.py."""
