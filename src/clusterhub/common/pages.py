"""Generic page helpers every area uses: lists, forms, deletes and history in one way.

A list validates its query string with the area's shared filter class (the one the API uses),
a form saves through a domain verb and puts the verb's validation errors on the fields, a button
runs a domain verb and says what came of it, and a delete shows what would go with the object or
why it can't go.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import router
from django.db import transaction
from django.db.models import ProtectedError
from django.db.models import RestrictedError
from django.db.models.deletion import Collector
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from clusterhub.common import concurrency
from clusterhub.common.history import history_of
from clusterhub.common.text import parse_id

PAGE_SIZE = 25


def id_or_404(value) -> int:
    """The id a form or query parameter names; 404 when it cannot name anything (not ASCII
    digits, out of a database's range): such a value names no record, like an unknown id."""
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


def ids_or_404(values) -> list[int]:
    """The ids of a repeated form field (checkboxes); 404 when one of them cannot be an id."""
    return [id_or_404(value) for value in values]


def page_of(request, rows, size: int = PAGE_SIZE):
    """The page of `rows` that the request's `?page=` asks for: the last past the end, the
    first for anything not a number (Django's get_page)."""
    return Paginator(rows, size).get_page(request.GET.get("page"))


def filter_error(exc: PydanticValidationError) -> str:
    """A readable line per invalid query parameter, for the message above the list."""
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ())) or _("filter")
        lines.append(f"{where}: {error.get('msg', '')}")
    return "; ".join(lines)


def list_page(request, filter_class, queryset, *, extra: dict | None = None):
    """Validate the query string with the shared filter class, filter, sort and paginate.

    Returns (page, error): an invalid filter shows its message over an empty list, never a 500.
    """
    params = {k: v for k, v in request.GET.items() if k != "page"}
    params.update(extra or {})
    try:
        filters = filter_class(**params)
    except PydanticValidationError as exc:
        return Paginator(queryset.none(), PAGE_SIZE).get_page(1), filter_error(exc)
    qs = filters.apply(queryset, user=request.user)
    return page_of(request, qs), ""


def save_or_errors(form, save) -> bool:
    """Run a domain save; put its validation errors on the form's fields and return success.

    The save and the check that the record is unchanged since the form was opened run in one
    transaction (common/concurrency.py); a changed record is a form error and nothing is saved.
    """
    try:
        with concurrency.guard(form):
            save()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


def form_page(
    request,
    form,
    *,
    title: str,
    back_url: str,
    submit: str = "",
    base_template: str = "common/base.html",
    extra: dict | None = None,
):
    """A form page inside the area's layout (`base_template`, with `extra` context for its tabs);
    answers 400 while the bound form has errors, 409 when the record changed after the form was
    opened."""
    concurrency.protect(form)
    return render(
        request,
        "common/form.html",
        {
            **(extra or {}),
            "form": form,
            "title": title,
            "back_url": back_url,
            "submit": submit or _("Save"),
            "base_template": base_template,
        },
        status=concurrency.form_status(form),
    )


def _said(message, result) -> str:
    """A message given as text, or as a function of what the verb returned (to name it)."""
    return message(result) if callable(message) else message


def redirect_once_saved(request, form, save, *, done="", then, after=None):
    """On a valid POST, the domain verb `save` is run (its validation errors go onto the form,
    common.pages.save_or_errors); once it went through, the `done` message is shown and the
    answer is the redirect to `then`. None while the form must be shown again.

    `done` (optional) and `then` are text and a URL, or functions of the saved record (what
    `save` returned), for a message that names it or a record the save has only just made.
    `after` (optional), a function of the saved record, says what else the page has to say
    once it was saved (more messages, after `done`).
    """
    outcome = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_errors(form, lambda: outcome.setdefault("saved", save()))
    ):
        saved = outcome["saved"]
        if done:
            messages.success(request, _said(done, saved))
        if after is not None:
            after(saved)
        return redirect(_said(then, saved))
    return None


def saving_form_page(
    request, form, save, *, done="", then=None, after=None, title: str, back_url: str, **page
):
    """A form page that saves through a domain verb: once saved, the `done` message (and
    `after`) and on to `then` (by default `back_url`), as redirect_once_saved; else the form
    page (form_page, with `page` its other options: submit, base_template, extra)."""
    return redirect_once_saved(
        request, form, save, done=done, then=back_url if then is None else then, after=after
    ) or form_page(request, form, title=title, back_url=back_url, **page)


def show_refusal(request, exc: ValidationError, *, joined: bool = True) -> None:
    """A domain verb's reasons for refusing, as error messages on the page the user goes back
    to: one message joining them (`joined`), or one message per reason."""
    if joined:
        messages.error(request, " ".join(exc.messages))
    else:
        for reason in exc.messages:
            messages.error(request, reason)


def carry_out(request, verb, *, done="", joined: bool = True) -> bool:
    """Run the domain verb behind a button or a small form; whether it went through.

    When it refuses, its reasons are the error messages (show_refusal, `joined` or one per
    reason); when it goes through, `done` is the success message, if any: text, or a function
    of what the verb returned, to name it."""
    try:
        result = verb()
    except ValidationError as exc:
        show_refusal(request, exc, joined=joined)
        return False
    if done:
        messages.success(request, _said(done, result))
    return True


def show_form_errors(request, form, *, labelled: bool = False) -> None:
    """A small inline form's errors as messages on the page it returns to, one per error;
    `labelled` names the field in front of each."""
    for field, errors in form.errors.items():
        label = form[field].label if labelled and field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def carry_out_if_valid(
    request, form, verb, *, done="", invalid: str = "", labelled: bool = False, joined=True
) -> bool:
    """A small form behind a button, posted and then back to the page it sits on: when it is
    valid, the domain verb runs (carry_out: `done`, or its refusal, `joined` or one message per
    reason); else `invalid` says what to put right, or without it the form's own errors do
    (show_form_errors, `labelled`). Whether the verb went through."""
    if form.is_valid():
        return carry_out(request, verb, done=done, joined=joined)
    if invalid:
        messages.error(request, invalid)
    else:
        show_form_errors(request, form, labelled=labelled)
    return False


def _blocked_message(exc: ProtectedError | RestrictedError) -> str:
    blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
    return _("Other records still refer to it (%(kinds)s); remove those first.") % {
        "kinds": ", ".join(kinds)
    }


def deletion_preview(obj) -> tuple[list[tuple[str, int]], str]:
    """What deleting the object would also delete, as (label, count) rows, or why the database
    would refuse it (protected references); asked of Django's deletion collector, nothing is
    deleted."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as exc:
        return [], _blocked_message(exc)
    counts: dict[str, int] = {}
    for model, instances in collector.data.items():
        others = [i for i in instances if not (type(i) is type(obj) and i.pk == obj.pk)]
        if others:
            label = str(model._meta.verbose_name_plural)
            counts[label] = counts.get(label, 0) + len(others)
    for queryset in collector.fast_deletes:
        n = queryset.count()
        if n:
            label = str(queryset.model._meta.verbose_name_plural)
            counts[label] = counts.get(label, 0) + n
    return sorted(counts.items()), ""


def delete_page(request, obj, *, back_url: str, dependents=(), refusal: str = ""):
    """Ask before deleting, listing what goes with the object; 409 when it is refused.

    Asked (GET) without a list of dependents, the page lists what the database would delete
    with the object, or refuses up front when protected records still refer to it.
    """
    if request.method != "POST" and not refusal:
        preview, refusal = deletion_preview(obj)
        dependents = dependents or preview
    return render(
        request,
        "common/confirm_delete.html",
        {"object": obj, "back_url": back_url, "dependents": dependents, "refusal": refusal},
        status=409 if refusal else 200,
    )


def deleting_page(request, obj, delete, *, back_url: str, then=None, done: str = "", question=dict):
    """A delete page: GET asks (delete_page, with what `question()` adds: dependents, a refusal
    found by a trial run); POST runs the domain `delete`, shows its refusal with 409, or says
    `done` (if any; %(name)s names the record) and goes on to `then` (by default `back_url`)."""
    if request.method != "POST":
        return delete_page(request, obj, back_url=back_url, **question())
    name = str(obj)
    refusal = delete_refusal(delete)
    if refusal:
        return delete_page(request, obj, back_url=back_url, refusal=refusal)
    if done:
        messages.success(request, done % {"name": name})
    return redirect(back_url if then is None else then)


def delete_refusal(delete) -> str:
    """Run a domain delete; the reason it was refused, or '' when it went through."""
    try:
        delete()
    except ValidationError as exc:
        return " ".join(exc.messages)
    except (ProtectedError, RestrictedError) as exc:
        return _blocked_message(exc)
    return ""


class _DryRun(Exception):
    """Ends a trial delete, rolling its transaction back."""


def refusal_before_deleting(delete, *, obj=None) -> str:
    """Why a domain delete would be refused, found by running it in a transaction that is then
    rolled back; for the question page, so a refused delete says so before anyone confirms.

    Only for deletes that change nothing but the database (no files removed, no mail sent).
    `obj` is the instance the delete acts on: Model.delete() clears its primary key, and the
    rollback restores the row but not the instance, which the question page still shows.
    """
    pk = obj.pk if obj is not None else None
    refusal = ""
    try:
        with transaction.atomic():
            refusal = delete_refusal(delete)
            raise _DryRun
    except _DryRun:
        pass
    if obj is not None:
        obj.pk = pk
    return refusal


def history_page(request, obj, *, back_url: str, hidden: tuple[str, ...] = ()):
    """The change history of one record (django-simple-history), without the `hidden` fields
    (those the app's field-level rule keeps from this user)."""
    return render(
        request,
        "common/history.html",
        {"object": obj, "entries": history_of(obj, exclude=hidden), "back_url": back_url},
    )
