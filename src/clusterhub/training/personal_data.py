"""Training's part of a person's own data (accounts/personal_data.py), registered in
`TrainingConfig.ready()`: deleting the account keeps certificates (they are counted) but they
name "Deleted person", in their change history too."""

from clusterhub.accounts.personal_data import PersonalDataSource
from clusterhub.accounts.personal_data import update_with_history
from clusterhub.training.models import Certificate


def _anonymise(*, user, deleted_person: str, olds: list[str]) -> None:
    update_with_history(
        Certificate.objects.filter(enrolment__user=user), holder_name=deleted_person
    )


SOURCE = PersonalDataSource(area="training", anonymise=_anonymise)
