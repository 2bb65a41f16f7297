"""Shared helpers of the grants pages: the project a user may reach (not visible: 404; visible
but not allowed: 403), the partners they may book costs for, and the setup form pages."""

from django.shortcuts import render

from clusterhub.common import concurrency
from clusterhub.common.access import object_for
from clusterhub.common.pages import redirect_once_saved
from clusterhub.grants.models import Project
from clusterhub.grants.queries import partner_organisations_of
from clusterhub.grants.queries import projects_visible_to


def project_for(request, pk: int, perm: str = "") -> Project:
    """A project the user may see, or 404; and `perm` on it (when given), or 403."""
    visible = projects_visible_to(request.user).select_related("programme")
    return object_for(request.user, visible, pk, perm)


def managed_project(request, pk: int) -> Project:
    """Project setup is for coordinators and admins (grants.change_project): others who see
    the project get 403, everyone else 404."""
    return project_for(request, pk, "grants.change_project")


def bookable_partners(request, project: Project):
    """Partners the user may enter expenditure for: all when they manage the project."""
    partners = project.partners.select_related("organisation")
    if request.user.has_perm("grants.change_project", project):
        return partners
    return partners.filter(organisation_id__in=partner_organisations_of(request.user))


def render_form(request, template: str, context: dict, *, invalid: bool):
    """A setup form; 409 when the record changed after the form was opened (and nothing was
    saved), 400 for other errors."""
    forms = [f for f in (context.get("form"), context.get("total_form")) if f is not None]
    for form in forms:
        concurrency.protect(form)
    stale = any(concurrency.is_stale(form) for form in forms)
    return render(request, template, context, status=409 if stale else 400 if invalid else 200)


def setup_page(request, form, save, *, template: str, context: dict, done, then: str):
    """A setup form saved through the domain, as common.pages.redirect_once_saved (`done` the
    message, text or a function of the saved record); else the form again in the grants'
    own `template`, as render_form answers it."""
    return redirect_once_saved(request, form, save, done=done, then=then) or render_form(
        request, template, {"form": form, **context}, invalid=form.is_bound and bool(form.errors)
    )


def setup_form_page(request, project: Project, form, save, *, heading: str, done, back: str):
    """A project's setup form drawn by grants/setup_form.html under `heading`, as setup_page
    saves it: once saved the page goes to `back`, where Cancel leads too."""
    return setup_page(
        request,
        form,
        save,
        template="grants/setup_form.html",
        context={"project": project, "heading": heading, "cancel": back},
        done=done,
        then=back,
    )
