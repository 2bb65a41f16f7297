"""Pages for programmes, modules, sessions, attendance, materials and feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.concurrency import changed_rows
from clusterhub.common.concurrency import holding
from clusterhub.common.downloads import file_download
from clusterhub.common.pages import carry_out
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import ids_or_404
from clusterhub.common.pages import refusal_before_deleting
from clusterhub.registry.models import Cluster
from clusterhub.training import domain
from clusterhub.training import exports
from clusterhub.training.forms import FeedbackForm
from clusterhub.training.forms import MaterialForm
from clusterhub.training.forms import ModuleForm
from clusterhub.training.forms import SessionForm
from clusterhub.training.forms import TrainingProgrammeForm
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Material
from clusterhub.training.models import Module
from clusterhub.training.models import Session
from clusterhub.training.queries import certificates_visible_to
from clusterhub.training.queries import cohort_gain
from clusterhub.training.queries import enrolments_visible_to
from clusterhub.training.queries import gain_rows
from clusterhub.training.queries import own_enrolment
from clusterhub.training.queries import sessions_trained_by
from clusterhub.training.queries import sessions_visible_to
from clusterhub.training.queries import training_programmes_visible_to
from clusterhub.training.queries import with_progress
from clusterhub.training.views.base import gain_chart
from clusterhub.training.views.base import saving_form_page
from clusterhub.training.views.base import visible_programme
from clusterhub.training.views.base import visible_session

# --- overview ------------------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    r = roles_of(user)
    suggestion_clusters = (
        Cluster.objects.all() if r.is_admin else Cluster.objects.filter(pk__in=r.team_clusters)
    )
    return render(
        request,
        "training/index.html",
        {
            "programmes": training_programmes_visible_to(user).select_related(
                "programme", "cluster"
            ),
            "my_enrolments": with_progress(Enrolment.objects.filter(user=user)),
            "my_sessions_count": sessions_trained_by(user).count(),
            "can_add": user.has_perm("training.add_programme"),
            "suggestion_clusters": suggestion_clusters,
            "progress_clusters": Cluster.objects.filter(
                pk__in=r.clusters_with(Role.CLUSTER_MANAGER)
            ),
        },
    )


@login_required
def my_sessions(request):
    """A trainer's own sessions, with attendance and feedback at a glance."""
    sessions = sessions_trained_by(request.user).select_related("module__training_programme")
    rows = []
    for s in sessions:
        ratings = list(s.feedback.values_list("rating", flat=True))
        rows.append(
            {
                "session": s,
                "present": s.attendances.filter(present=True).count(),
                "enrolled": s.module.training_programme.enrolments.count(),
                "feedback_count": len(ratings),
                "mean_rating": round(sum(ratings) / len(ratings), 1) if ratings else None,
            }
        )
    return render(request, "training/my_sessions.html", {"rows": rows})


# --- programmes ----------------------------------------------------------------------------


@login_required
def programme_create(request):
    require(request.user, "training.add_programme")
    form = TrainingProgrammeForm(request.POST or None, user=request.user)

    def save():
        tp = form.instance
        # The owner must be one the user manages (the form offers only those; a forged POST
        # is refused here).
        if tp.programme_id or tp.cluster_id:
            require(request.user, "training.change_programme", tp)
        return domain.save_training_programme(training_programme=tp)

    return saving_form_page(
        request,
        form,
        save,
        title=_("New training programme"),
        back_url=reverse("training:index"),
        done=_("Training programme created."),
        then=lambda tp: reverse("training:programme_detail", args=[tp.pk]),
    )


@login_required
def programme_detail(request, pk: int):
    tp = visible_programme(request, pk)
    user = request.user
    can_manage = user.has_perm("training.change_programme", tp)
    enrolments = with_progress(enrolments_visible_to(user).filter(training_programme=tp))
    gains = cohort_gain(tp, enrolments)
    modules = tp.modules.prefetch_related("sessions__trainer")
    return render(
        request,
        "training/programme_detail.html",
        {
            "programme": tp,
            "modules": modules,
            "enrolments": enrolments,
            "can_manage": can_manage,
            "gain_rows": gain_rows(gains),
            "gain_chart": gain_chart(gains, _("Cohort competences before and after")),
            "has_gains": any(r.people for r in gains),
            "certificate_count": certificates_visible_to(user)
            .filter(enrolment__training_programme=tp)
            .count(),
            "tables": [
                (key, label)
                for key, label in exports.TABLE_LABELS.items()
                if key not in exports.MANAGER_TABLES
                or user.has_perm("training.view_programme_results", tp)
            ],
            "api_base": f"/api/v1/training/programmes/{tp.pk}",
        },
    )


@login_required
def programme_edit(request, pk: int):
    tp = visible_programme(request, pk, "training.change_programme")
    form = TrainingProgrammeForm(request.POST or None, instance=tp, user=request.user)
    return saving_form_page(
        request,
        form,
        lambda: domain.save_training_programme(training_programme=form.instance),
        title=_("Edit %(t)s") % {"t": tp.title},
        back_url=reverse("training:programme_detail", args=[tp.pk]),
        done=_("Training programme saved."),
    )


@login_required
def programme_delete(request, pk: int):
    tp = visible_programme(request, pk, "training.delete_programme")

    def delete():
        return domain.delete_training_programme(training_programme=tp)

    # Deleting the programme only removes rows (its materials' files stay), so a trial run
    # tells the question page whether it would be refused.
    return deleting_page(
        request,
        tp,
        delete,
        back_url=reverse("training:programme_detail", args=[tp.pk]),
        done=_("Training programme deleted."),
        then=reverse("training:index"),
        question=lambda: {"refusal": refusal_before_deleting(delete, obj=tp)},
    )


# --- modules and sessions -----------------------------------------------------------------


@login_required
def module_create(request, pk: int):
    tp = visible_programme(request, pk, "training.change_programme")
    return _module_page(
        request, Module(training_programme=tp), title=_("New module"), done=_("Module added.")
    )


def _module_page(request, module: Module, *, title: str, done: str):
    """The form page of a new or existing module; it goes back to the module's programme."""
    form = ModuleForm(request.POST or None, instance=module)
    return saving_form_page(
        request,
        form,
        lambda: domain.save_module(module=form.instance),
        title=title,
        back_url=reverse("training:programme_detail", args=[module.training_programme_id]),
        done=done,
    )


def _changeable_module(request, pk: int) -> Module:
    """A module the user may see, or 404, of a training programme they may change, or 403."""
    module = object_for(
        request.user,
        Module.objects.filter(training_programme__in=training_programmes_visible_to(request.user)),
        pk,
    )
    require(request.user, "training.change_programme", module.training_programme)
    return module


@login_required
def module_edit(request, pk: int):
    module = _changeable_module(request, pk)
    return _module_page(request, module, title=_("Edit module"), done=_("Module saved."))


@login_required
def session_create(request, pk: int):
    module = _changeable_module(request, pk)
    return _session_page(
        request,
        Session(module=module),
        title=_("New session in %(m)s") % {"m": module},
        back_url=reverse("training:programme_detail", args=[module.training_programme_id]),
        done=_("Session added."),
        then=lambda session: reverse("training:session_detail", args=[session.pk]),
    )


@login_required
def session_edit(request, pk: int):
    session = visible_session(request, pk, "training.change_session")
    return _session_page(
        request,
        session,
        title=_("Edit session"),
        back_url=reverse("training:session_detail", args=[session.pk]),
        done=_("Session saved."),
    )


def _session_page(request, session: Session, **page):
    """The form page of a new or existing session (`page`: saving_form_page's options)."""
    form = SessionForm(request.POST or None, instance=session)
    return saving_form_page(
        request, form, lambda: domain.save_session(session=form.instance), **page
    )


@login_required
def session_detail(request, pk: int):
    session = visible_session(request, pk)
    user = request.user
    tp = session.module.training_programme
    can_attend = user.has_perm("training.record_attendance", session)
    own = own_enrolment(user, tp)
    context = {
        "session": session,
        "programme": tp,
        "materials": session.materials.all(),
        "can_change": user.has_perm("training.change_session", session),
        "can_attend": can_attend,
        "can_add_material": user.has_perm("training.add_material", session),
        "can_see_feedback": user.has_perm("training.view_session_feedback", session),
        "own_enrolment": own,
        "own_feedback": own.feedback.filter(session=session).first() if own else None,
        "own_present": own is not None
        and session.attendances.filter(enrolment=own, present=True).exists(),
    }
    if can_attend:
        marks = dict(session.attendances.values_list("enrolment_id", "present"))
        context["attendance"] = [
            {"enrolment": e, "present": marks.get(e.pk)}
            for e in tp.enrolments.select_related("user", "cluster")
        ]
    if context["can_see_feedback"]:
        context["feedback"] = session.feedback.all()
    return render(request, "training/session_detail.html", context)


@login_required
@require_POST
def attendance_save(request, pk: int):
    """Save the attendance list: a checkbox per participant shown, ticked for present."""
    session = visible_session(request, pk, "training.record_attendance")
    with holding(session):  # the marks compared are the marks replaced
        changed, kept = _attendance_changes(request, session)
        if kept:
            names = ", ".join(e.user.display_name for e in kept)
            messages.warning(
                request,
                _(
                    "Someone else marked these participants after you opened the page; their "
                    "marks were kept: %(names)s."
                )
                % {"names": names},
            )
        elif not changed:
            messages.info(request, _("Nothing to save: the attendance list is as it was."))
        if changed:
            carry_out(
                request,
                lambda: domain.record_attendance_list(session=session, present=changed),
                done=lambda count: (
                    ngettext(
                        "Attendance saved for %(n)s participant.",
                        "Attendance saved for %(n)s participants.",
                        count,
                    )
                    % {"n": count}
                ),
            )
    return redirect("training:session_detail", session.pk)


def _mark(present: bool | None) -> str:
    return "" if present is None else ("present" if present else "absent")


def _attendance_changes(request, session: Session) -> tuple[dict[int, bool], list[Enrolment]]:
    """The marks this person changed on the list (enrolment id -> present), and the
    participants someone else marked meanwhile (kept as they marked them), as
    common.concurrency.changed_rows: someone enrolled after the page was opened is not marked
    absent unseen. A post without the rows shown (a script) marks everyone."""
    enrolments = session.module.training_programme.enrolments
    ticked = set(ids_or_404(request.POST.getlist("present")))
    shown = ids_or_404(request.POST.getlist("shown")) or list(
        enrolments.values_list("pk", flat=True)
    )
    marks = dict(session.attendances.values_list("enrolment_id", "present"))
    changed, overtaken = changed_rows(
        request.POST,
        shown,
        wanted=lambda e: _mark(e in ticked),
        stored=lambda e: _mark(marks.get(e)),
    )
    # Named only within the programme: an id from elsewhere is never named (and the verb
    # refuses it when it is to be recorded).
    kept = list(enrolments.filter(pk__in=overtaken).select_related("user").order_by("pk"))
    return {e: mark == "present" for e, mark in changed.items()}, kept


@login_required
def material_add(request, pk: int):
    session = visible_session(request, pk, "training.add_material")
    form = MaterialForm(
        request.POST or None, request.FILES or None, instance=Material(session=session)
    )
    return saving_form_page(
        request,
        form,
        lambda: domain.add_material(material=form.instance),
        title=_("Add material"),
        back_url=reverse("training:session_detail", args=[session.pk]),
        done=_("Material added."),
    )


def _material(request, pk: int, perm: str = "") -> Material:
    """A material the user may see, or 404; then `perm` on it (when given), or 403."""
    visible = Material.objects.filter(session__in=sessions_visible_to(request.user))
    return object_for(request.user, visible, pk, perm)


@login_required
def material_download(request, pk: int):
    material = _material(request, pk)
    return file_download(material.file, material.original_name or None)


@login_required
def material_delete(request, pk: int):
    """GET asks, POST removes (the session page's button posts directly)."""
    material = _material(request, pk, "training.delete_material")
    back = reverse("training:session_detail", args=[material.session_id])
    return deleting_page(
        request,
        material,
        lambda: domain.delete_material(material=material),
        back_url=back,
        done=_("Material removed."),
    )


@login_required
def feedback_give(request, pk: int):
    session = visible_session(request, pk, "training.give_feedback")
    enrolment = own_enrolment(request.user, session.module.training_programme)
    if enrolment is None:  # only participants give feedback
        raise PermissionDenied
    form = FeedbackForm(request.POST or None)
    return saving_form_page(
        request,
        form,
        lambda: domain.give_feedback(session=session, enrolment=enrolment, **form.cleaned_data),
        title=_("Feedback on %(s)s") % {"s": session.title},
        back_url=reverse("training:session_detail", args=[session.pk]),
        done=_("Thank you for your feedback."),
    )
