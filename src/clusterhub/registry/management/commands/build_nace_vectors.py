from django.core.management.base import BaseCommand

from clusterhub.registry.nace_suggest import build_vectors


class Command(BaseCommand):
    help = (
        "Embed the NACE 2.1 class titles and notes for the suggestion endpoint "
        "(var/nace_vectors.npz; skipped when current)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rebuild even when current.")

    def handle(self, *args, force: bool = False, **options):
        self.stdout.write(build_vectors(force=force))
