"""The shapes every registry form and delete page shares: save through a domain verb (its
validation errors onto the form), say so, go on; or ask, delete, say so, go on."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect

from clusterhub.common.pages import delete_page, delete_refusal, form_page, save_or_errors

REGISTRY_LAYOUT = "registry/base.html"


def edit_page(
    request,
    form,
    save: Callable,
    *,
    saved: Callable[[object], str],
    done: Callable[[object], str],
    title: str,
    back_url: str,
    after: Callable[[], None] | None = None,
):
    """A create or edit page: on a valid POST, `save(obj)` (the form's unsaved object) through
    the domain, then the message `saved(obj)`, `after()` and a redirect to `done(obj)`; else
    the form page (400 while it has errors)."""
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if save_or_errors(form, lambda: save(obj)):
            messages.success(request, saved(obj))
            if after is not None:
                after()
            return redirect(done(obj))
    return form_page(request, form, base_template=REGISTRY_LAYOUT, title=title, back_url=back_url)


def delete_view(
    request,
    obj,
    delete: Callable[[], object],
    *,
    back_url: str,
    deleted: str,
    done_url: str,
    question: Callable[[], dict] = dict,
):
    """A delete page: on POST, delete (a refusal is shown with 409), then the message `deleted`
    (with the record's name as %(name)s) and a redirect to `done_url`; else the question, with
    what `question()` adds to it (dependents, a refusal found by a trial run)."""
    if request.method == "POST":
        name = str(obj)
        refusal = delete_refusal(delete)
        if refusal:
            return delete_page(request, obj, back_url=back_url, refusal=refusal)
        messages.success(request, deleted % {"name": name})
        return redirect(done_url)
    return delete_page(request, obj, back_url=back_url, **question())
