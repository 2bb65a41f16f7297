"""Demo data: the 5FOREXCELLENCE consortium, its clusters, members, people, a login per role.

`data` holds the facts and word lists, `plan` turns them into a fixed plan with a seeded random
generator, `load` writes the plan through the domain verbs (idempotent).
"""

from clusterhub.registry.demo.data import DEMO_PASSWORD
from clusterhub.registry.demo.load import DEMO_USERS
from clusterhub.registry.demo.load import DemoLogin
from clusterhub.registry.demo.load import load_demo

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DemoLogin", "load_demo"]
