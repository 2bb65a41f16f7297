"""Who may see and change funded projects; used by pages, API, exports and the CLI alike.

- grants.view_project: admins, the programme's coordinators, and partners' users (the team of a
  cluster whose managing organisation is a partner);
- grants.change_project (consortium, budget, work plan, reports, news): admins and coordinators;
- grants.add_expenditure_for (a partner): those who change the project, and that partner's users;
- grants.change_expenditure: the same, for the expenditure's partner.
The public project page needs no permission: it shows no financial data.
"""

import rules

from clusterhub.accounts.rules import is_platform_admin
from clusterhub.grants.queries import partner_organisations_of
from clusterhub.registry.rules import coordinates_programme


@rules.predicate
def manages_project(user, project) -> bool:
    return project is not None and coordinates_programme(user, project.programme)


@rules.predicate
def is_partner_user(user, project) -> bool:
    if project is None:
        return False
    orgs = partner_organisations_of(user)
    return bool(orgs) and project.partners.filter(organisation_id__in=orgs).exists()


@rules.predicate
def manages_partner_project(user, partner) -> bool:
    return partner is not None and manages_project(user, partner.project)


@rules.predicate
def acts_for_partner(user, partner) -> bool:
    return partner is not None and partner.organisation_id in partner_organisations_of(user)


@rules.predicate
def manages_expenditure(user, expenditure) -> bool:
    return expenditure is not None and (
        manages_partner_project(user, expenditure.partner)
        or acts_for_partner(user, expenditure.partner)
    )


@rules.predicate
def creates_projects(user, programme) -> bool:
    return programme is not None and coordinates_programme(user, programme)


rules.add_perm("grants.view_project", is_platform_admin | manages_project | is_partner_user)
rules.add_perm("grants.change_project", is_platform_admin | manages_project)
rules.add_perm("grants.add_project_for", is_platform_admin | creates_projects)
rules.add_perm(
    "grants.add_expenditure_for", is_platform_admin | manages_partner_project | acts_for_partner
)
rules.add_perm("grants.change_expenditure", is_platform_admin | manages_expenditure)
