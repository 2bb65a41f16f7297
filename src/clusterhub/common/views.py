from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.shortcuts import render
from django.templatetags.static import static


@login_required
def home(request):
    return redirect("registry:dashboard_index")


def csrf_failure(request, reason=""):
    """The refused-form page in the site's layout (Django's own page has no navigation)."""
    return render(request, "403_csrf.html", status=403)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon."""
    return redirect(static("clusterhub/favicon.svg"), permanent=True)
