"""The locust users of bench/web.py (run by it; not useful on its own).

bench/web.py writes a plan (JSON, path in BENCH_WEB_PLAN): the ids of real rows and, for each of
the four bench users, a password and an API token. Page users sign in with the login form and keep
the session; API users send the bearer token. Each simulated person holds one role (admin, cluster
manager, programme coordinator, member representative), taken in turn, and waits 0.5-2 s between
requests. Requests carry a name, so the statistics group e.g. every organisation detail page in
one row. Any answer but 200 counts as a failure.

The measurement starts BENCH_WEB_WARMUP seconds (10) after every user has signed in: the
statistics are reset then, and the run stops BENCH_WEB_DURATION seconds later. Left out on
purpose: signing in (the password hash, Argon2, is slow by design, and twenty people signing in
within the same second is not the load the target is about), and each gunicorn worker's first
requests, which import modules and compile templates once.
"""

import itertools
import json
import os
import random
import re

import gevent
from locust import HttpUser
from locust import between
from locust import events
from locust import task

PLAN = json.loads(open(os.environ["BENCH_WEB_PLAN"]).read())  # noqa: PTH123, SIM115
DURATION = int(os.environ.get("BENCH_WEB_DURATION", "60"))
WARMUP = int(os.environ.get("BENCH_WEB_WARMUP", "10"))
# The jobs run: a file this run creates when the measured window starts, and one bench/web.py
# creates to end it early (both optional).
MEASURING_FILE = os.environ.get("BENCH_WEB_MEASURING_FILE", "")
STOP_FILE = os.environ.get("BENCH_WEB_STOP_FILE", "")
THINK = tuple(float(x) for x in os.environ.get("BENCH_WEB_THINK", "1,3").split(","))
ROLES = ["bench-admin", "bench-manager", "bench-coordinator", "bench-member"]
_page_roles = itertools.cycle(ROLES)
_api_roles = itertools.cycle(ROLES)
_rng = random.Random(PLAN["seed"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_ready = {"users": 0, "started": False}


def _pick(key: str) -> int:
    return _rng.choice(PLAN[key])


def _signed_in(user: HttpUser) -> None:
    """Count users ready; when all are, start the measured window (once)."""
    _ready["users"] += 1
    runner = user.environment.runner
    if _ready["started"] or _ready["users"] < runner.target_user_count:
        return
    _ready["started"] = True
    print(f"all {_ready['users']} users signed in; warming up for {WARMUP} s", flush=True)

    def measure() -> None:
        runner.stats.reset_all()
        print(f"measuring for {DURATION} s", flush=True)
        gevent.spawn_later(DURATION, runner.quit)
        if MEASURING_FILE:
            with open(MEASURING_FILE, "w") as marker:  # noqa: PTH123
                marker.write("measuring\n")
        if STOP_FILE:
            gevent.spawn(_stop_when_asked, runner)

    gevent.spawn_later(WARMUP, measure)


def _stop_when_asked(runner) -> None:
    """The jobs run (bench/web.py --jobs): stop as soon as bench/web.py creates STOP_FILE (its
    background jobs ended); DURATION is then only the longest the run may last."""
    while not os.path.exists(STOP_FILE):  # noqa: PTH110
        gevent.sleep(0.5)
    print("stop asked: the background jobs ended", flush=True)
    runner.quit()


@events.test_start.add_listener
def _reset(environment, **_kwargs) -> None:
    _ready.update(users=0, started=False)


class Base(HttpUser):
    abstract = True
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.sign_in()
        _signed_in(self)

    def sign_in(self) -> None:
        raise NotImplementedError

    def get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")


class PageUser(Base):
    """A person using the site in a browser."""

    weight = 3

    def sign_in(self) -> None:
        self.role = next(_page_roles)
        form = self.client.get("/accounts/login/", name="(sign-in) GET /accounts/login/")
        token = CSRF.search(form.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.role,
                "password": PLAN["users"][self.role]["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="(sign-in) POST /accounts/login/",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302 or "/accounts/login/" in r.headers.get("Location", ""):
                r.failure(f"sign-in as {self.role} failed: HTTP {r.status_code}")

    def own_cluster(self) -> int:
        """A cluster whose dashboard and member list this role may see."""
        if self.role == "bench-admin":
            return _pick("clusters")
        return PLAN["big_cluster"]

    @task(3)
    def dashboards(self):
        self.get("/registry/dashboards/", "/registry/dashboards/")

    @task(2)
    def cluster_dashboard(self):
        self.get(f"/registry/clusters/{self.own_cluster()}/dashboard/", "cluster dashboard")

    @task(3)
    def cluster_list(self):
        self.get("/registry/", "/registry/ (cluster list)")

    @task(2)
    def cluster_list_filtered(self):
        country = _rng.choice(PLAN["countries"])
        self.get(f"/registry/?country={country}&sort=-founded", "/registry/?country&sort")

    @task(2)
    def cluster_search(self):
        self.get(f"/registry/?q={_rng.choice(['food', 'ict', 'Riga', 'BC-01'])}", "/registry/?q")

    @task(3)
    def cluster_detail(self):
        self.get(f"/registry/clusters/{_pick('clusters')}/", "cluster detail")

    @task(3)
    def cluster_members(self):
        self.get(f"/registry/clusters/{self.own_cluster()}/members/", "cluster members")

    @task(2)
    def cluster_members_page(self):
        self.get(
            f"/registry/clusters/{PLAN['big_cluster']}/members/?page=20", "cluster members, page 20"
        )

    @task(3)
    def organisation_list(self):
        self.get("/registry/organisations/", "/registry/organisations/")

    @task(2)
    def organisation_search(self):
        self.get(f"/registry/organisations/?q={_rng.choice(PLAN['names'])}", "organisations ?q")

    @task(2)
    def organisation_filtered(self):
        country = _rng.choice(PLAN["countries"])
        self.get(
            f"/registry/organisations/?country={country}&size=small&sort=-size",
            "organisations ?country&size",
        )

    @task(1)
    def organisation_page_deep(self):
        self.get("/registry/organisations/?page=300", "organisations, page 300")

    @task(3)
    def organisation_detail(self):
        self.get(f"/registry/organisations/{_pick('organisations')}/", "organisation detail")

    @task(3)
    def events_list(self):
        self.get("/events/", "/events/")

    @task(2)
    def event_detail(self):
        self.get(f"/events/{_pick('events')}/", "event detail")

    @task(1)
    def services(self):
        self.get("/services/", "/services/")

    @task(1)
    def matchmaking(self):
        self.get("/matchmaking/", "/matchmaking/")

    @task(1)
    def grants(self):
        self.get("/grants/", "/grants/")


class ApiUser(Base):
    """A script using the REST API with a personal token."""

    weight = 1

    def sign_in(self) -> None:
        self.role = next(_api_roles)
        self.client.headers["Authorization"] = f"Bearer {PLAN['users'][self.role]['token']}"

    @task(3)
    def clusters(self):
        self.get("/api/v1/clusters", "API clusters")

    @task(2)
    def clusters_filtered(self):
        country = _rng.choice(PLAN["countries"])
        self.get(f"/api/v1/clusters?country={country}&page_size=100", "API clusters ?country")

    @task(3)
    def organisations(self):
        self.get("/api/v1/organisations", "API organisations")

    @task(2)
    def organisations_filtered(self):
        country = _rng.choice(PLAN["countries"])
        self.get(
            f"/api/v1/organisations?country={country}&size=micro&page=3",
            "API organisations ?filters",
        )

    @task(2)
    def organisations_search(self):
        self.get(f"/api/v1/organisations?q={_rng.choice(PLAN['names'])}", "API organisations ?q")

    @task(2)
    def memberships(self):
        self.get(
            f"/api/v1/memberships?cluster={PLAN['big_cluster']}&current=true",
            "API memberships ?cluster",
        )

    @task(2)
    def events(self):
        self.get("/api/v1/events/", "API events")

    @task(1)
    def organisation(self):
        self.get(f"/api/v1/organisations/{_pick('organisations')}", "API organisation")
