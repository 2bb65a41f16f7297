"""Account pages: sign-in, profile with roles and API tokens, the audit log, personal data."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponseBadRequest
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as PydanticValidationError

from clusterhub.accounts import audit
from clusterhub.accounts import throttling
from clusterhub.accounts.domain import change_password
from clusterhub.accounts.domain import choose_language
from clusterhub.accounts.domain import create_token
from clusterhub.accounts.domain import revoke_token
from clusterhub.accounts.filters import AuditFilters
from clusterhub.accounts.forms import AuditFilterForm
from clusterhub.accounts.forms import DeleteAccountForm
from clusterhub.accounts.forms import LanguageForm
from clusterhub.accounts.forms import TokenForm
from clusterhub.accounts.models import ApiToken
from clusterhub.accounts.models import AuditEntry
from clusterhub.accounts.personal_data import anonymise_user
from clusterhub.accounts.personal_data import export_json
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.downloads import CSV
from clusterhub.common.downloads import JSON
from clusterhub.common.downloads import download
from clusterhub.common.pages import filter_error
from clusterhub.common.pages import list_page
from clusterhub.common.pages import save_or_errors
from clusterhub.common.spreadsheets import write_csv


class ThrottledLoginView(auth_views.LoginView):
    """Django's sign-in, refusing (429) while the attempt's keys are locked (throttling.py)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        self.verdict = throttling.verdict(request, request.POST.get("username", ""))
        if self.verdict is throttling.Verdict.LOCKED:
            # Refused before the form is validated: no password is checked while locked.
            return self._locked(self.get_form_class()(request))
        return super().post(request, *args, **kwargs)

    def _locked(self, form):
        # The error goes straight into the form's error dict: add_error() needs a cleaned form.
        form.errors.clear()
        form.errors[NON_FIELD_ERRORS] = form.error_class(
            [_("Too many failed sign-in attempts. Please wait 15 minutes and try again.")],
            error_class="nonfield",
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)

    def form_valid(self, form):
        throttling.register_success(self.request, form.get_user())
        return super().form_valid(form)

    def form_invalid(self, form):
        # Only attempts that reached the password check count; an empty field is no guess.
        if form.data.get("username") and form.data.get("password"):
            throttling.register_failure(self.request, form.data["username"])
        if self.verdict is throttling.Verdict.KNOWN_ADDRESS_ONLY:
            return self._locked(form)
        return super().form_invalid(form)


def _profile_page(
    request, form, *, new_token: dict | None = None, language_form=None, status: int = 200
):
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
            "language_form": language_form or LanguageForm(initial={"language": user.language}),
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
def language_update(request):
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, TokenForm(), language_form=form, status=400)
    language = form.cleaned_data["language"]
    choose_language(user=request.user, language=language)
    # Say it in the language chosen: the message is worded now and shown on the next page.
    if language:
        translation.activate(language)
    messages.success(request, _("Your language is saved."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, pk: int):
    # Only one's own tokens: someone else's is simply not found.
    token = object_for(request.user, ApiToken.objects.filter(user=request.user), pk)
    revoke_token(token=token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("accounts:profile")


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, through the domain verb: audited, and revoking API tokens."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        revoked = change_password(user=form.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        if revoked:
            messages.warning(
                self.request,
                _(
                    "Your password changed, so your API tokens were revoked: %(names)s. "
                    "Create new ones for your scripts."
                )
                % {"names": ", ".join(revoked)},
            )
        return HttpResponseRedirect(self.get_success_url())


# --- audit log (platform admins) ---------------------------------------------------------------

CSV_LIMIT = 50_000


def _audit_entries(request):
    require(request.user, "accounts.view_audit_log")
    return AuditEntry.objects.select_related("cluster")


@login_required
def audit_log(request):
    page, error = list_page(request, AuditFilters, _audit_entries(request))
    return render(
        request,
        "accounts/audit_log.html",
        {
            "page_obj": page,
            "filter_error": error,
            "filter_form": AuditFilterForm(request.GET),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def audit_log_export(request):
    """The filtered log as CSV (at most CSV_LIMIT rows, newest first)."""
    qs = _audit_entries(request)
    params = {k: v for k, v in request.GET.items() if k != "page"}
    try:
        filters = AuditFilters(**params)
    except PydanticValidationError as exc:
        return HttpResponseBadRequest(filter_error(exc), content_type="text/plain; charset=utf-8")
    headers = [_("When"), _("Who"), _("Action"), _("Target type"), _("Target id"), _("Target")]
    headers += [_("Cluster"), _("IP address"), _("Details")]
    rows = [
        [
            e.at.isoformat(),
            e.actor_name,
            e.action,
            e.target_type,
            e.target_id,
            e.target_repr,
            e.cluster.acronym if e.cluster_id else "",
            e.ip or "",
            json.dumps(e.details, ensure_ascii=False, sort_keys=True),
        ]
        for e in filters.apply(qs)[:CSV_LIMIT]
    ]
    # The log names people and their addresses: exporting it is itself recorded.
    audit.exported("audit-log.csv", rows=len(rows))
    return download(write_csv(headers, rows), "audit-log.csv", CSV)


# --- personal data (the signed-in person) ------------------------------------------------------


@login_required
def my_data(request):
    content = export_json(user=request.user)
    return download(content, f"clusterhub-my-data-{timezone.localdate().isoformat()}.json", JSON)


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_errors(form, lambda: anonymise_user(user=request.user))
    ):
        logout(request)
        messages.success(request, _("Your account was deleted."))
        return redirect("accounts:login")
    return render(
        request,
        "accounts/delete_account.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- sign-in locks (platform admins) -----------------------------------------------------------


@login_required
def sign_in_locks(request):
    require(request.user, "accounts.manage_sign_in_locks")
    return render(request, "accounts/sign_in_locks.html", {"locks": throttling.current_locks()})


@login_required
@require_POST
def sign_in_lock_lift(request, pk: int):
    require(request.user, "accounts.manage_sign_in_locks")
    # Only a lock in force can be lifted; one that ended meanwhile is simply not found.
    lock = object_for(request.user, throttling.current_locks(), pk)
    throttling.lift(lock=lock)
    messages.success(request, _("The lock on %(key)s was lifted.") % {"key": str(lock)})
    return redirect("accounts:sign_in_locks")
