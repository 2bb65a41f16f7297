"""Pages of mailings: the list, writing a mailing, its preview and delivery record, the test,
sending, and the public unsubscribe page.

Managers of the mailing's cluster only (rules.py); a mailing the user may not see is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import Q
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from clusterhub.common import concurrency
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.pages import carry_out
from clusterhub.common.pages import carry_out_if_valid
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import saving_form_page
from clusterhub.mailings import domain
from clusterhub.mailings import sending
from clusterhub.mailings.enums import Category
from clusterhub.mailings.enums import DeliveryStatus
from clusterhub.mailings.forms import MailingForm
from clusterhub.mailings.forms import SendForm
from clusterhub.mailings.models import Mailing
from clusterhub.mailings.queries import clusters_user_may_mail
from clusterhub.mailings.queries import deliveries_of
from clusterhub.mailings.queries import mailings_visible_to
from clusterhub.mailings.queries import segment_of
from clusterhub.registry.models import Cluster

PREVIEW_ROWS = 20


def _mailing(request, pk: int, perm: str = "mailings.view_mailing") -> Mailing:
    return object_for(request.user, mailings_visible_to(request.user), pk, perm)


def _detail_url(mailing: Mailing) -> str:
    return reverse("mailings:mailing_detail", args=[mailing.pk])


@login_required
def index(request):
    require(request.user, "mailings.use_mailings")
    delivered = Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT))
    failed = Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED))
    mailings = mailings_visible_to(request.user).annotate(delivered=delivered, failed=failed)
    return render(
        request,
        "mailings/index.html",
        {"mailings": mailings, "clusters": clusters_user_may_mail(request.user)},
    )


def _writing_page(request, form, cluster: Cluster, mailing: Mailing | None = None):
    """The page that writes a mailing, a new one (`mailing` None) or a draft: a valid POST saves
    it and its language versions through the domain verb and opens the saved mailing; otherwise
    the form, carrying the verb's errors."""
    if mailing is None:
        done = _("Mailing saved as a draft.")
        title = _("New mailing of %(cluster)s") % {"cluster": cluster.name}
        back_url = reverse("mailings:index")
    else:
        done = _("Mailing saved.")
        title = _("Change %(title)s") % {"title": mailing}
        back_url = _detail_url(mailing)
    return saving_form_page(
        request,
        form,
        lambda: domain.save_mailing(
            mailing=mailing,
            cluster=cluster,
            user=request.user,
            versions=form.versions(),
            **form.segment(),
        ),
        done=done,
        then=_detail_url,
        title=title,
        back_url=back_url,
        base_template="mailings/base.html",
    )


@login_required
def mailing_create(request, cluster_pk: int):
    cluster = object_for(
        request.user, clusters_user_may_mail(request.user), cluster_pk, "mailings.add_mailing"
    )
    data = request.POST if request.method == "POST" else None
    form = MailingForm(data, cluster=cluster, initial={"default_language": request.LANGUAGE_CODE})
    return _writing_page(request, form, cluster)


@login_required
def mailing_edit(request, pk: int):
    mailing = _mailing(request, pk, "mailings.change_mailing")
    if not mailing.is_editable:
        messages.error(request, _("This mailing has been sent; it can no longer change."))
        return redirect(_detail_url(mailing))
    data = request.POST if request.method == "POST" else None
    form = MailingForm(data, cluster=mailing.cluster, mailing=mailing)
    # The mailing and its language versions, as the form was opened.
    concurrency.protect(form, mailing, mailing.versions.all())
    return _writing_page(request, form, mailing.cluster, mailing)


@login_required
def mailing_delete(request, pk: int):
    mailing = _mailing(request, pk, "mailings.delete_mailing")
    sent = _("A mailing that has been sent is kept with its delivery record.")
    return deleting_page(
        request,
        mailing,
        lambda: domain.delete_mailing(mailing=mailing),
        back_url=_detail_url(mailing),
        done=_("Mailing deleted."),
        then=reverse("mailings:index"),
        question=lambda: {"refusal": "" if mailing.is_editable else sent},
    )


@login_required
def mailing_detail(request, pk: int):
    mailing = _mailing(request, pk)
    context = {
        "mailing": mailing,
        "versions": mailing.versions.all(),
        "counts": sending.counts_of(mailing),
        "may_change": request.user.has_perm("mailings.change_mailing", mailing),
        "may_send": request.user.has_perm("mailings.send_mailing", mailing),
        "send_form": SendForm(),
    }
    if mailing.is_editable:
        segment = segment_of(mailing)
        context.update(
            segment=segment,
            preview=segment.recipients[:PREVIEW_ROWS],
            left_out=segment.unsubscribed[:PREVIEW_ROWS] + segment.bounced[:PREVIEW_ROWS],
        )
    else:
        context["deliveries"] = deliveries_of(mailing)[:200]
    return render(request, "mailings/detail.html", context)


@login_required
@require_POST
def mailing_test(request, pk: int):
    mailing = _mailing(request, pk, "mailings.send_mailing")
    carry_out(
        request,
        lambda: sending.send_test(mailing=mailing, user=request.user),
        done=lambda address: _("A test was sent to %(address)s.") % {"address": address},
    )
    return redirect(_detail_url(mailing))


@login_required
@require_POST
def mailing_send(request, pk: int):
    mailing = _mailing(request, pk, "mailings.send_mailing")
    form = SendForm(request.POST)

    def queued(count: int) -> str:
        if form.cleaned_data.get("when"):
            text = ngettext(
                "Scheduled for %(n)s recipient.", "Scheduled for %(n)s recipients.", count
            )
        else:
            text = ngettext(
                "Sending to %(n)s recipient in the background.",
                "Sending to %(n)s recipients in the background.",
                count,
            )
        return text % {"n": count}

    carry_out_if_valid(
        request,
        form,
        lambda: domain.queue_mailing(
            mailing=mailing,
            when=form.cleaned_data.get("when"),
            base_url=request.build_absolute_uri("/"),
        ),
        done=queued,
    )
    return redirect(_detail_url(mailing))


# --- public: unsubscribing -------------------------------------------------------------------


@csrf_exempt  # RFC 8058 one-click: the mail client posts without a session; the token is the key
def unsubscribe(request, token: str):
    """GET shows one button (link checkers that open every link unsubscribe nobody); POST, from
    that button or a mail client's one-click, unsubscribes at once. No sign-in."""
    try:
        data = domain.read_unsubscribe_token(token)
    except ValidationError as exc:
        return render(
            request, "mailings/unsubscribe.html", {"error": " ".join(exc.messages)}, status=400
        )
    cluster = Cluster.objects.filter(pk=data["cluster_id"]).first()
    if cluster is None:
        return render(
            request,
            "mailings/unsubscribe.html",
            {"error": _("This unsubscribe link is not valid.")},
            status=400,
        )
    done = None
    if request.method == "POST":
        done = domain.unsubscribe(token=token)
    already = domain.is_unsubscribed(**data) and done is None
    return render(
        request,
        "mailings/unsubscribe.html",
        {
            "cluster": cluster,
            "email": data["email"],
            "category": dict(Category.choices).get(data["category"], data["category"]),
            "done": done,
            "already": already or (done is not None and done.already),
        },
    )
