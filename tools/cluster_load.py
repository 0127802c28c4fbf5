#!/usr/bin/env python3
"""Drive reps through the two HTTP nodes of ``tools/cluster.sh up`` while the
cron nodes expire and recycle, then count what must never happen.

What it does, against the topology's database (admin / admin):

1. Sets up each phase's own data through JSON-RPC (so that the phases
   compare: fresh daily caps, a full pool): reps, a pool with low caps,
   companies (each with a contact phone) in the pool, free, or owned with a
   protection period already over (so the cron nodes expire them).
2. Phase "1 node": every rep works through node A. Phase "2 nodes": the reps
   are split over nodes A and B. Each rep loops (bounded by count and time):
   reads the pool list (served by the replica, so it may be a moment stale),
   claims one of its customers, claims free customers by company name or by
   phone, releases one of its own. An administrator distributes, and asks
   the cron nodes to expire and recycle (and tries to start the same jobs by
   hand, which Odoo refuses while a cron node runs them).
3. Counts on the primary: double owners, holding or daily cap violations,
   customers both owned and pooled, claims expired or recycled twice, and
   server errors other than a clean refusal (UserError, ValidationError).
   All must be zero; the exit code says so.
4. Shows on the replica's pg_stat_statements that the credit report
   (``web_read_group``) and the pool list (``web_search_read``) ran there.

Usage: python3 tools/cluster_load.py [--seconds 30] [--reps 6]
"""

import argparse
import configparser
import http.cookiejar
import json
import os
import random
import threading
import time
import urllib.request
import uuid

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name


class Client:
    """One browser-like session on one node (cookie jar, JSON-RPC)."""

    def __init__(self, base, db, login, password):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        info = self._post(
            "/web/session/authenticate", {"db": db, "login": login, "password": password}
        )
        self.uid = info["uid"]

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=120) as response:
            reply = json.load(response)
        if "error" in reply:
            data = reply["error"].get("data") or {}
            raise RpcError(
                data.get("name", "?"), data.get("message", reply["error"].get("message"))
            )
        return reply["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.errors = []

    def add(self, key, n=1):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + n

    def attempt(self, key, fn):
        """Run one user action: ok, refused cleanly, or a server error."""
        try:
            fn()
        except RpcError as error:
            if error.name in REFUSALS:
                self.add(f"{key} refused")
                return False
            self.add("server errors")
            with self.lock:
                self.errors.append(str(error)[:300])
            return False
        self.add(f"{key} ok")
        return True


def read_conf():
    parser = configparser.ConfigParser()
    parser.read(os.path.join(ROOT, ".local", "cluster", "odoo-http.conf"))
    return parser["options"]


def connect(conf, replica=False):
    port = conf["db_replica_port"] if replica else conf["db_port"]
    conn = psycopg2.connect(host=conf["db_host"], port=port, user="odoo", dbname=conf["db_name"])
    conn.autocommit = True
    return conn


def setup(admin, db, tag, reps, companies):
    """One run's reps, pool and companies (their ids)."""
    group = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "sales_team"), ("name", "=", "group_sale_salesman")],
        ["res_id"],
    )[0]["res_id"]
    users = admin.call(
        "res.users",
        "create",
        [
            {
                "name": f"Load Rep {tag} {i}",
                "login": f"load_{tag}_{i}",
                "password": f"load_{tag}_{i}",
                "groups_id": [(6, 0, [group])],
            }
            for i in range(reps)
        ],
    )
    pool = admin.call(
        "sales.pool",
        "create",
        {
            "name": f"Load Pool {tag}",
            "member_ids": [(6, 0, users)],
            "manager_ids": [(6, 0, [admin.uid])],
            "holding_cap": 8,
            "daily_cap": 25,
            "cooldown_days": 0,
        },
    )
    partners = admin.call(
        "res.partner",
        "create",
        [
            {
                "name": f"负载测试{tag}{i:04d}科技有限公司",
                "is_company": True,
                "child_ids": [
                    (0, 0, {"name": f"Contact {i}", "phone": f"+8613{tag_digits(tag)}{i:04d}"})
                ],
            }
            for i in range(companies)
        ],
    )
    in_pool = partners[: companies // 2]
    owned = partners[companies // 2 : companies // 2 + companies // 5]
    admin.call("res.partner", "action_put_in_pool", in_pool + owned, context={"pool_id": pool})
    # each rep claims its share from the pool, as only the rules give owners:
    # the pool is their home, where they return when their claims expire
    for i in range(reps):
        rep = Client(admin.base, db, f"load_{tag}_{i}", f"load_{tag}_{i}")
        for partner in owned[i::reps]:
            rep.call("res.partner", "action_claim_from_pool", [partner])
    return users, pool, partners, owned


def tag_digits(tag):
    return str(int(tag, 16) % 10**5).zfill(5)


def rep_loop(client, run_ids, stats, deadline, max_actions, rng):
    free_ids = run_ids
    for _ in range(max_actions):
        if time.time() > deadline:
            break
        roll = rng.random()
        if roll < 0.45:
            # the pool list (replica), then claim one customer it shows
            rows = client.call(
                "res.partner",
                "web_search_read",
                [("pool_id", "!=", False), ("id", "in", run_ids)],
                {"display_name": {}},
                limit=40,
            )["records"]
            if rows:
                pid = rng.choice(rows)["id"]
                if stats.attempt(
                    "pool claim",
                    lambda pid=pid: client.call("res.partner", "action_claim_from_pool", [pid]),
                ):
                    stats.add("claims")
        elif roll < 0.75:
            pid = rng.choice(free_ids)
            by_phone = rng.random() < 0.5
            vals = {"partner_ids": [(6, 0, [pid])], "key_type": "phone" if by_phone else "company"}
            if by_phone:
                contact = client.call("res.partner", "search", [("parent_id", "=", pid)], limit=1)
                if not contact:
                    continue
                vals["contact_id"] = contact[0]

            def register(vals=vals):
                wizard = client.call("sales.claim.register.wizard", "create", vals)
                client.call("sales.claim.register.wizard", "action_register", [wizard])

            key = "phone claim" if by_phone else "name claim"
            if stats.attempt(key, register):
                stats.add("claims")
        else:
            mine = client.call(
                "res.partner",
                "search",
                [("user_id", "=", client.uid), ("id", "in", run_ids)],
                limit=5,
            )
            if not mine:
                continue

            pid = rng.choice(mine)

            def release(pid=pid):
                wizard = client.call(
                    "sales.pool.release.wizard",
                    "create",
                    {
                        "partner_ids": [(6, 0, [pid])],
                        "reason": "load test",
                        "note": "load test release",
                    },
                )
                client.call("sales.pool.release.wizard", "action_release", [wizard])

            stats.attempt("release", release)


def admin_loop(admin, pool, crons, stats, deadline):
    while time.time() < deadline:

        def distribute():
            wizard = admin.call(
                "sales.pool.distribute.wizard", "create", {"pool_id": pool, "count": 3}
            )
            admin.call("sales.pool.distribute.wizard", "action_distribute", [wizard])

        stats.attempt("distribution", distribute)
        # wake the cron nodes (ODOO_NOTIFY_CRON_CHANGES), then start the same jobs by hand
        admin.call(
            "ir.cron",
            "write",
            crons,
            {"nextcall": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())},
        )
        stats.attempt(
            "cron by hand",
            lambda: admin.call("ir.cron", "method_direct_trigger", [random.choice(crons)]),
        )
        time.sleep(2)


def guarded(stats, fn, *args):
    """A thread's loop; anything unexpected (RPC error outside an action,
    HTTP error, timeout) is counted as a server error, never lost."""
    try:
        fn(*args)
    except Exception as error:
        stats.add("server errors")
        with stats.lock:
            stats.errors.append(f"{type(error).__name__}: {str(error)[:300]}")


def run_phase(nodes, db, logins, run_ids, pool, crons, seconds, max_actions):
    stats = Stats()
    clients = [Client(nodes[i % len(nodes)], db, login, login) for i, login in enumerate(logins)]
    admin = Client(nodes[0], db, "admin", "admin")
    deadline = time.time() + seconds
    threads = [
        threading.Thread(
            target=guarded,
            args=(stats, rep_loop, c, run_ids, stats, deadline, max_actions, random.Random(i)),
        )
        for i, c in enumerate(clients)
    ]
    threads.append(
        threading.Thread(
            target=guarded, args=(stats, admin_loop, admin, pool, crons, stats, deadline)
        )
    )
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 180)
    elapsed = time.time() - start
    return stats, elapsed


INVARIANTS = {
    "double owners": """
        SELECT count(*) FROM (
            SELECT partner_id FROM sales_claim
             WHERE state = 'active' AND partner_id = ANY(%(ids)s)
             GROUP BY partner_id HAVING count(*) > 1) d""",
    "holding cap violations": """
        SELECT count(*) FROM (
            SELECT c.user_id FROM sales_claim c
              JOIN res_partner p ON p.id = c.partner_id
             WHERE c.state = 'active' AND p.id = ANY(%(ids)s)
               AND c.user_id = ANY(%(users)s) AND p.pool_home_id = %(pool)s
             GROUP BY c.user_id
            HAVING count(*) > (SELECT holding_cap FROM sales_pool WHERE id = %(pool)s)) v""",
    # the daily cap limits what a rep takes from the pool (claims of customers
    # outside it are logged as claimed too, without a pool)
    "daily cap violations": """
        SELECT count(*) FROM (
            SELECT to_user_id FROM sales_pool_move
             WHERE move_type = 'claimed' AND partner_id = ANY(%(ids)s)
               AND from_pool_id = %(pool)s
               AND date >= date_trunc('day', now() at time zone 'UTC')
             GROUP BY to_user_id
            HAVING count(*) > (SELECT daily_cap FROM sales_pool WHERE id = %(pool)s)) v""",
    "owned and pooled": """
        SELECT count(*) FROM res_partner p
         WHERE p.id = ANY(%(ids)s) AND p.pool_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM sales_claim c
                        WHERE c.partner_id = p.id AND c.state = 'active')""",
    "processed twice": """
        SELECT count(*) FROM (
            SELECT claim_id, move_type FROM sales_pool_move
             WHERE move_type IN ('expired', 'recycled') AND partner_id = ANY(%(ids)s)
               AND claim_id IS NOT NULL
             GROUP BY claim_id, move_type HAVING count(*) > 1) t""",
}


def replica_evidence(admin, conf, run_ids):
    """Call the credit report and the pool list the way the web client does,
    and return how often the replica and the primary ran their queries."""
    replica, primary = connect(conf, replica=True), connect(conf)
    for conn in (replica, primary):
        with conn.cursor() as cr:
            cr.execute("SELECT pg_stat_statements_reset()")
    admin.call(
        "sales.credit.report", "web_read_group", [], ["amount_company:sum"], ["user_id"], limit=80
    )
    admin.call(
        "res.partner", "web_search_read", [("pool_id", "!=", False)], {"display_name": {}}, limit=80
    )
    found = {}
    for name, conn in (("replica", replica), ("primary", primary)):
        with conn.cursor() as cr:
            cr.execute(
                """
                SELECT coalesce(sum(calls) FILTER (WHERE query ILIKE %s), 0),
                       coalesce(sum(calls) FILTER (WHERE query ILIKE %s), 0)
                  FROM pg_stat_statements
                 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                """,
                ["%sales_credit_report%", '%"res_partner"."pool_id" IS NOT NULL%'],
            )
            found[name] = cr.fetchone()
        conn.close()
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=30, help="length of each phase")
    parser.add_argument("--reps", type=int, default=6)
    parser.add_argument("--companies", type=int, default=120)
    parser.add_argument("--max-actions", type=int, default=400, help="per rep and phase")
    args = parser.parse_args()
    conf = read_conf()
    db = conf["db_name"]
    ports = os.environ.get("CLUSTER_HTTP_PORTS", "8171 8172").split()
    nodes = [f"http://127.0.0.1:{p}" for p in ports]
    admin = Client(nodes[0], db, "admin", "admin")
    crons = [
        admin.call("ir.model.data", "check_object_reference", module, name)[1]
        for module, name in (
            ("sales_claim_registration", "ir_cron_expire_claims"),
            ("sales_public_pool", "ir_cron_pool_recycle"),
        )
    ]
    primary = connect(conf)
    failed, runs = False, []
    # each phase has its own reps, pool and companies: the second starts with
    # fresh daily caps and a full pool, so the two throughputs compare
    for label, phase_nodes in (("1 node", nodes[:1]), ("2 nodes", nodes)):
        tag = uuid.uuid4().hex[:6]
        users, pool, partners, owned = setup(admin, db, tag, args.reps, args.companies)
        logins = [f"load_{tag}_{i}" for i in range(args.reps)]
        with primary.cursor() as cr:  # protection over: the cron nodes expire them
            cr.execute(
                "UPDATE sales_claim SET date_end = now() at time zone 'UTC' - interval '1 hour' "
                "WHERE partner_id = ANY(%s) AND state = 'active'",
                [owned],
            )
        print(
            f"\nrun {tag}: {args.reps} reps, {len(partners)} companies, pool {pool}, "
            f"{len(owned)} claims due"
        )
        stats, elapsed = run_phase(
            phase_nodes, db, logins, partners, pool, crons, args.seconds, args.max_actions
        )
        runs.append((users, pool, partners, owned))
        claims = stats.counts.get("claims", 0)
        print(f"{label}: {elapsed:.0f} s, {claims} claims, {claims / elapsed:.2f} claims/s")
        for key in sorted(stats.counts):
            print(f"  {key:24} {stats.counts[key]}")
        for error in stats.errors[:5]:
            print(f"  ERROR {error}")
        failed |= bool(stats.errors)
    # let the cron nodes finish what they started
    time.sleep(5)
    partners = [pid for run in runs for pid in run[2]]
    owned = [pid for run in runs for pid in run[3]]
    with primary.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM sales_claim WHERE partner_id = ANY(%s) AND state = 'expired'",
            [owned],
        )
        expired = cr.fetchone()[0]
        print(f"\nexpired by the crons: {expired} of {len(owned)} due claims")
        print("counts (all must be 0):")
        for name, query in INVARIANTS.items():
            count = 0
            for users, pool, run_partners, _owned in runs:
                cr.execute(query, {"ids": run_partners, "users": users, "pool": pool})
                count += cr.fetchone()[0]
            failed |= count != 0
            print(f"  {name:24} {count}")
    found = replica_evidence(admin, conf, partners)
    print(
        "queries of the credit report / pool list: replica %s / %s, primary %s / %s"
        % (*found["replica"], *found["primary"])
    )
    if not (found["replica"][0] and found["replica"][1]):
        print("ERROR: the credit report or the pool list did not run on the replica")
        failed = True
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
