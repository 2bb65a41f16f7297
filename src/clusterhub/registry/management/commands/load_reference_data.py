from django.core.management.base import BaseCommand

from clusterhub.registry.nace_suggest import build_vectors
from clusterhub.registry.reference import load_reference_data


class Command(BaseCommand):
    help = "Load NACE Rev. 2.1 codes and NUTS 2024 regions from their packages (idempotent)."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(f"NACE codes: {counts['nace']}, NUTS regions: {counts['nuts']}")
        # The suggestion endpoint's class vectors: embedded once (about a minute), then reused.
        self.stdout.write(build_vectors())
