"""Pages of funded projects: overview and expenditure (projects.py), the plan: partners, budget,
work packages, deliverables, timeline (plan.py), reports, news and the public project page
(publishing.py); what they share is in base.py.

Thin views: visibility from grants/queries.py (not visible => 404), permissions from
grants/rules.py (visible but not allowed => 403), writes through grants/domain.py.
"""
