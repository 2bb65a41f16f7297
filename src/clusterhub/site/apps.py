from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "clusterhub.site"
    verbose_name = _("Site")

    def ready(self):
        # Background jobs: load every module that registers a kind of job (the web process
        # checks kinds when starting a job, the worker when running one), and tell the owner
        # when a job ends: a notification (the events area's inbox) and the same text by mail.
        from clusterhub.common import jobs
        from clusterhub.site.job_notifications import notify_owner

        jobs.autodiscover()
        jobs.on_job_finished(notify_owner)
