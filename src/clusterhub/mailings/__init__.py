"""Mailings to members: segments, per-language messages, unsubscribing, sending in the background."""
