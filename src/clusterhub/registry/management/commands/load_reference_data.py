from django.core.management.base import BaseCommand

from clusterhub.registry.reference import load_reference_data


class Command(BaseCommand):
    help = "Load NACE Rev. 2.1 codes and NUTS 2024 regions from their packages (idempotent)."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(f"NACE codes: {counts['nace']}, NUTS regions: {counts['nuts']}")
