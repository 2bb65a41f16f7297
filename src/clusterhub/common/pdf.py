"""PDF documents from HTML templates with WeasyPrint, one way for every report.

Templates extend "common/pdf_base.html"; charts are inline SVG from common/charts.py, so a page
and its PDF show the same pictures. Nothing is fetched over the network: the only stylesheet is
the package's own print CSS, passed as a string.
"""

from django.template.loader import render_to_string
from django.utils.translation import get_language

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt;
       color: #1b1f24; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 4mm; color: #123b5c; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; color: #123b5c; border-bottom: 0.4mm solid #c9d6e2; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border-bottom: 0.2mm solid #ccd3da; padding: 1.2mm 1.6mm; text-align: left;
         vertical-align: top; }
th { background: #eef3f7; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #555; }
.funding { margin-top: 8mm; padding: 3mm; border: 0.3mm solid #9fb3c8; font-size: 8.5pt; }
svg { max-width: 100%; }
"""


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    """Render a template to PDF bytes."""
    from weasyprint import CSS  # imported here: WeasyPrint loads Pango at import
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango at import

    # Without a request no context processor runs: <html lang> still names the language the
    # document is rendered in (the caller's translation.override, else the active one).
    context = {"LANGUAGE_CODE": get_language(), **context}
    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=None).write_pdf(stylesheets=[CSS(string=PRINT_CSS)])
