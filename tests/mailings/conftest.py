import pytest

from clusterhub.mailings import domain

EN = {"subject": "Cluster news", "body_html": "<p>Hello <strong>members</strong></p>"}
LV = {"subject": "Klastera ziņas", "body_html": "<p>Sveiki, <em>biedri</em></p>"}


def make_mailing(cluster, *, versions=None, **fields):
    fields.setdefault("title", "December news")
    return domain.save_mailing(cluster=cluster, versions=versions or {"en": EN, "lv": LV}, **fields)


@pytest.fixture
def mailing(world):
    return make_mailing(world.cluster_a)


@pytest.fixture
def outbox_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILINGS_RATE_PER_SECOND = 0
    return settings


@pytest.fixture
def queue(django_capture_on_commit_callbacks):
    """Queue a mailing and run what its commit starts (the task, on the immediate backend)."""

    def run(mailing, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return domain.queue_mailing(mailing=mailing, **kwargs)

    return run
