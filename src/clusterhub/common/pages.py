"""Generic page helpers every area uses: lists, forms, deletes and history in one way.

A list validates its query string with the area's shared filter class (the one the API uses),
a form saves through a domain verb and puts the verb's validation errors on the fields, and a
delete shows what would go with the object or why it can't go.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import render
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from clusterhub.common.history import history_of

PAGE_SIZE = 25


def require(request, perm: str, obj=None) -> None:
    """403 unless the user holds the permission (on the object, when given)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


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
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), ""


def save_or_errors(form, save) -> bool:
    """Run a domain save; put its validation errors on the form's fields and return success."""
    try:
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
):
    """A form page inside the area's layout; answers 400 while the bound form has errors."""
    return render(
        request,
        "common/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "submit": submit or _("Save"),
            "base_template": base_template,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def delete_page(request, obj, *, back_url: str, dependents=(), refusal: str = ""):
    """Ask before deleting, listing what goes with the object; 409 when it is refused."""
    return render(
        request,
        "common/confirm_delete.html",
        {"object": obj, "back_url": back_url, "dependents": dependents, "refusal": refusal},
        status=409 if refusal else 200,
    )


def delete_refusal(delete) -> str:
    """Run a domain delete; the reason it was refused, or '' when it went through."""
    try:
        delete()
    except ValidationError as exc:
        return " ".join(exc.messages)
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
        return _("Other records still refer to it (%(kinds)s); remove those first.") % {
            "kinds": ", ".join(kinds)
        }
    return ""


def history_page(request, obj, *, back_url: str):
    """The change history of one record (django-simple-history)."""
    return render(
        request,
        "common/history.html",
        {"object": obj, "entries": history_of(obj), "back_url": back_url},
    )
