"""The demo: two sent mailings per partner cluster, idempotent, nothing in anyone's mailbox."""

from django.core import mail

from clusterhub.mailings import demo
from clusterhub.mailings.models import Delivery
from clusterhub.mailings.models import Mailing
from clusterhub.registry.demo.load import load_demo as load_registry_demo
from clusterhub.registry.models import Cluster


def test_two_mailings_sent_per_partner_cluster(db, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    load_registry_demo()
    demo.load_demo()
    demo.load_demo()  # idempotent
    clusters = Cluster.objects.filter(programmes__acronym="5FOREXCELLENCE")
    assert clusters.count() == 5
    for cluster in clusters:
        mailings = Mailing.objects.filter(cluster=cluster)
        assert sorted(m.status for m in mailings) == ["sent", "sent"], cluster
        news = mailings.get(title=demo.NEWS)
        assert news.deliveries.filter(status="sent").count() > 0
    litc = Mailing.objects.get(cluster__acronym="LITC", title=demo.NEWS)
    assert sorted(litc.versions.values_list("language", flat=True)) == ["en", "lv"]
    assert not Delivery.objects.exclude(status="sent").exists()
    # The demo's messages went to its own in-memory backend, not the configured one.
    assert list(tmp_path.iterdir()) == []
    assert len(mail.outbox) == Delivery.objects.count()
