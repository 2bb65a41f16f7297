"""The security headers every page carries, in one place so tests and docs can read them."""

# No 'unsafe-inline' for scripts: the templates have no inline <script> and no on* handlers
# (tests/common/test_security.py scans them). Style attributes are still used by some
# templates, so inline styles are allowed; they cannot run code.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The platform needs none of these browser features.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
