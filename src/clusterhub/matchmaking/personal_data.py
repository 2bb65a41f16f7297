"""Matchmaking's part of a person's own data (accounts/personal_data.py), registered in
`MatchmakingConfig.ready()`: deleting the account blanks the messages of the introductions the
person asked for (they greet the other side by name and sign with the person's)."""

from clusterhub.accounts.personal_data import PersonalDataSource
from clusterhub.matchmaking.models import Introduction


def _anonymise(*, user, deleted_person: str, olds: list[str]) -> None:
    Introduction.objects.filter(requested_by=user).update(message="")


SOURCE = PersonalDataSource(area="matchmaking", anonymise=_anonymise)
