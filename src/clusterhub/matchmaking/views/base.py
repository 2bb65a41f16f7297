"""What the matchmaking pages share."""

# The matchmaking layout, for the pages drawn by common/ templates (form pages) too.
LAYOUT = "matchmaking/base.html"
