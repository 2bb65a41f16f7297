"""Demo mailings: two sent mailings per partner cluster of 5FOREXCELLENCE (idempotent).

- a newsletter to every member's people, in English and the cluster's language;
- an events mailing to the committed members, in English only.

They go through the domain verbs; the messages are handed to an in-memory mail backend, so
loading the demo fills nobody's mailbox (nor var/mail).
"""

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction

from clusterhub.mailings import domain
from clusterhub.mailings import sending
from clusterhub.mailings.models import Mailing
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme

PROGRAMME = "5FOREXCELLENCE"
NEWS = "Autumn newsletter"
EVENTS = "Invitation: experience-sharing workshop"
LOCAL_LANGUAGE = {"LV": "lv", "EE": "et", "SE": "sv"}

NEWS_EN = {
    "subject": "Autumn news from {cluster}",
    "body_html": (
        "<h2>News from {cluster}</h2><p>Dear member,</p><p>this autumn we benchmarked our "
        "cluster management, opened a <strong>new service</strong> for export and met the "
        "other 5FOREXCELLENCE partners.</p><ul><li>Needs survey: results on the member page"
        "</li><li>Training: cluster managers' course starts in January</li></ul>"
        '<p>Read more on <a href="https://www.5forexcellence.eu/">the programme\'s site</a>.</p>'
    ),
}
NEWS_LOCAL = {
    "lv": {
        "subject": "{cluster} rudens ziņas",
        "body_html": (
            "<h2>Ziņas no {cluster}</h2><p>Cienījamais biedr!</p><p>Šorudēn salīdzinājām "
            "klastera vadību, atvērām <strong>jaunu pakalpojumu</strong> eksportam un tikāmies "
            "ar pārējiem 5FOREXCELLENCE partneriem.</p>"
        ),
    },
    "et": {
        "subject": "{cluster} sügisuudised",
        "body_html": (
            "<h2>Uudised: {cluster}</h2><p>Hea liige!</p><p>Sel sügisel võrdlesime klastri "
            "juhtimist, avasime ekspordiks <strong>uue teenuse</strong> ja kohtusime teiste "
            "5FOREXCELLENCE partneritega.</p>"
        ),
    },
    "sv": {
        "subject": "Höstnyheter från {cluster}",
        "body_html": (
            "<h2>Nyheter från {cluster}</h2><p>Kära medlem!</p><p>I höst jämförde vi "
            "klusterledningen, öppnade en <strong>ny tjänst</strong> för export och träffade "
            "de andra partnerna i 5FOREXCELLENCE.</p>"
        ),
    },
}
EVENTS_EN = {
    "subject": "Invitation: experience-sharing workshop of {cluster}",
    "body_html": (
        "<p>Dear committed member,</p><p>you are invited to our experience-sharing workshop. "
        "Register on ClusterHub under <em>Events</em>.</p>"
    ),
}


def _filled(version: dict, cluster: Cluster) -> dict:
    return {key: text.format(cluster=cluster.acronym) for key, text in version.items()}


def load_demo() -> None:
    programme = Programme.objects.filter(acronym=PROGRAMME).first()
    if programme is None:
        return
    connection = get_connection("django.core.mail.backends.locmem.EmailBackend")
    for cluster in Cluster.objects.filter(programmes=programme).order_by("acronym"):
        local = LOCAL_LANGUAGE.get(cluster.country)
        news = {"en": _filled(NEWS_EN, cluster)}
        if local:
            news[local] = _filled(NEWS_LOCAL[local], cluster)
        _send(cluster, NEWS, {"category": "news"}, news, connection)
        _send(
            cluster,
            EVENTS,
            {"category": "events", "committed": "yes"},
            {"en": _filled(EVENTS_EN, cluster)},
            connection,
        )


def _send(cluster, title, fields, versions, connection) -> None:
    if Mailing.objects.filter(cluster=cluster, title=title).exists():
        return
    # One transaction: the rows are sent before the task queued at commit looks for them, so
    # it finds nothing left to send (and a worker never writes the demo's mail out).
    with transaction.atomic():
        mailing = domain.save_mailing(cluster=cluster, title=title, versions=versions, **fields)
        try:
            domain.queue_mailing(mailing=mailing)
        except ValidationError:  # a cluster without members' addresses: keep the draft
            return
        sending.send_pending(mailing.pk, connection=connection, rate=0)
