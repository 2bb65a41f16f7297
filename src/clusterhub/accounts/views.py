"""Account pages: the throttled sign-in, and the profile with the user's roles and API tokens."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.accounts.domain import create_token, revoke_token
from clusterhub.accounts.forms import TokenForm
from clusterhub.accounts.models import ApiToken
from clusterhub.accounts.throttling import clear_username, is_locked, register_failure


class ThrottledLoginView(auth_views.LoginView):
    """Django's sign-in, refusing (429) while the username or address is locked out."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if is_locked(request, username):
            # Refused before the form is validated: no password is checked while locked.
            # An empty form carrying only this error: add_error() needs a cleaned form, so the
            # error goes straight into the (empty) error dict of the unbound form.
            form = self.get_form_class()(request)
            form.errors[NON_FIELD_ERRORS] = form.error_class(
                [_("Too many failed sign-in attempts. Please wait 15 minutes and try again.")],
                error_class="nonfield",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        clear_username(self.request, form.get_user().get_username())
        return super().form_valid(form)

    def form_invalid(self, form):
        # Only attempts that reached the password check count; an empty field is no guess.
        if form.data.get("username") and form.data.get("password"):
            register_failure(self.request, form.data["username"])
        return super().form_invalid(form)


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
