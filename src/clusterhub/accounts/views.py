"""Account pages: the profile with the user's roles and API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.accounts.domain import create_token, revoke_token
from clusterhub.accounts.forms import TokenForm
from clusterhub.accounts.models import ApiToken


def _profile_page(request, form, *, new_token: dict | None = None, status: int = 200):
    user = request.user
    roles = user.role_assignments.select_related("cluster", "programme", "organisation").order_by(
        "role"
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": roles,
            "tokens": user.api_tokens.all(),
            "form": form,
            "new_token": new_token,
        },
        status=status,
    )


@login_required
def profile(request):
    return _profile_page(request, TokenForm())


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, form, status=400)
    record, token = create_token(user=request.user, name=form.cleaned_data["name"])
    # Shown in this response only, never stored anywhere (not even in the session); reloading
    # the page cannot show it again.
    return _profile_page(request, TokenForm(), new_token={"name": record.name, "token": token})


@login_required
@require_POST
def token_revoke(request, pk: int):
    # Only one's own tokens: someone else's is simply not found.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(token=token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("accounts:profile")
