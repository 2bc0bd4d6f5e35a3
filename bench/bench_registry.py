#!/usr/bin/env python3
"""Benchmark of the beneficiary registry at scale, run inside Odoo's environment.

    python3 bench/bench_registry.py -c ODOO_CONF -d DB [--count 100000] [--batch 1000]

Tops the database up to ``--count`` benchmark beneficiary files (with family members
and income lines, see ``generate.py``), creating them in batches with a commit per
batch, then measures:

* batch create throughput (beneficiaries/s, overall and per batch);
* national-ID lookup (``_find_by_national_id`` and a plain ``search``);
* the registry list view's first page (``web_search_read`` with a category filter),
  as a non-superuser officer (record rules applied) and as superuser;
* peak RSS of this process.

Benchmark data is marked by the branch with code ``BENCH`` (all benchmark files are
on it); ``--reset`` deletes it first. Timings are printed, never asserted.
See bench/README.md.
"""
# This is a command-line tool, not module code: printing and committing are its job.
# pylint: disable=print-used,invalid-commit

import argparse
import cProfile
import functools
import io
import pstats
import random
import re
import resource
import statistics
import sys
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402  (bench/generate.py, no Odoo import)
from bench_common import MODULE  # noqa: E402  (bench/bench_common.py)

BENCH_BRANCH_CODE = "BENCH"
OFFICER_LOGIN = "bench_officer"
RESEARCHER_LOGINS = tuple(f"bench_researcher_{n}" for n in range(1, 6))
OFFICER_GROUP = "beneficiary_relations.group_beneficiary_officer"
RESEARCHER_GROUP = "beneficiary_relations.group_beneficiary_researcher"
MODEL = "beneficiary.beneficiary"

TARGET_CREATE_RATE = 300.0  # beneficiaries/s
TARGET_LOOKUP_MS = 5.0
TARGET_LIST_MS = 100.0

# Creation modes. "real" is what users do: mail.thread on (creation message,
# follower, tracking), created by an officer (not the superuser, whose OdooBot
# user is inactive and therefore never subscribed as a follower).
MODES = {
    "real": {"context": {}, "members": "inline", "user": "officer"},
    "real-separate": {"context": {}, "members": "separate", "user": "officer"},
    "no-tracking": {
        "context": {
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
        },
        "members": "inline",
        "user": "officer",
    },
    "superuser": {"context": {}, "members": "inline", "user": "superuser"},
    # What the file's create would cost if it created its res.partner without the
    # chatter side effects (no "Contact created" message, no follower on the
    # partner): the bench creates the partners itself that way and passes partner_id.
    "partner-nolog": {
        "context": {},
        "members": "inline",
        "user": "officer",
        "partner_context": {
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
        },
    },
}
PARTNER_FIELDS = ("name", "phone", "mobile", "email", "street", "city")

# Context of the web client (list view of the registry action).
WEB_CONTEXT = {"lang": "en_US", "tz": "Asia/Riyadh", "bin_size": True}


# ---------------------------------------------------------------------------- helpers
def now():
    return time.perf_counter()


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def current_rss_mb():
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * resource.getpagesize() / 1024.0 / 1024.0
    except OSError:
        return float("nan")


def percentile(values, fraction):
    """Nearest-rank percentile (fraction in [0, 1])."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


@contextmanager
def count_queries():
    """Count the queries and SQL time of this thread (odoo.sql_db hooks on them)."""
    thread = threading.current_thread()
    saved = getattr(thread, "query_count", None), getattr(thread, "query_time", None)
    thread.query_count, thread.query_time = 0, 0.0
    stats = {}
    try:
        yield stats
    finally:
        stats["queries"], stats["sql_time"] = thread.query_count, thread.query_time
        if saved[0] is None:
            del thread.query_count, thread.query_time
        else:
            thread.query_count = saved[0] + thread.query_count
            thread.query_time = saved[1] + thread.query_time


_SQL_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+\b")
_SQL_LISTS = re.compile(r"\((?:\s*\?\s*,)+\s*\?\s*\)")
_SQL_ROWS = re.compile(r"(?:\(\s*\?(?:\s*,\s*\?)*\s*\)\s*,\s*)+\(\s*\?(?:\s*,\s*\?)*\s*\)")


def query_shape(query):
    text = query.code if hasattr(query, "code") else query
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = " ".join(str(text).split())
    text = _SQL_LITERALS.sub("?", text.replace("%s", "?"))
    text = _SQL_ROWS.sub("(…rows…)", text)
    return _SQL_LISTS.sub("(…)", text)


@contextmanager
def query_profile():
    """Aggregate this thread's queries by shape: {shape: [count, seconds]}."""
    thread = threading.current_thread()
    shapes = defaultdict(lambda: [0, 0.0])

    def hook(_cr, query, _params, _start, delay):
        entry = shapes[query_shape(query)]
        entry[0] += 1
        entry[1] += delay

    hooks = getattr(thread, "query_hooks", None)
    thread.query_hooks = [*(hooks or ()), hook]
    try:
        yield shapes
    finally:
        if hooks is None:
            del thread.query_hooks
        else:
            thread.query_hooks = hooks


def fmt_ms(seconds):
    return f"{seconds * 1000:.2f} ms"


def line(char="-", width=100):
    print(char * width)


# ---------------------------------------------------------------------------- setup
def boot(args):
    from odoo.modules.registry import Registry
    from odoo.tools import config

    odoo_args = ["-c", args.config, "-d", args.database, "--log-level", args.log_level]
    if args.log_sql:
        odoo_args.append("--log-sql")
    config.parse_config(odoo_args, setup_logging=True)
    check_installed(args.database)
    threading.current_thread().dbname = args.database
    registry = Registry(args.database)
    if MODEL not in registry:
        sys.exit(
            f"Module {MODULE} is installed in {args.database!r} but did not load (see the "
            f"errors above: its code or dependencies changed?). Update it first with\n"
            f"  python3 -m odoo -c CONF -d {args.database} -u {MODULE} --stop-after-init"
        )
    return registry


def check_installed(dbname):
    """Refuse to run unless the module is installed (checked before loading a registry)."""
    import psycopg2

    from odoo.sql_db import db_connect

    try:
        cursor = db_connect(dbname).cursor()
    except psycopg2.OperationalError as error:
        sys.exit(f"Cannot connect to database {dbname!r}: {error}")
    with cursor as cr:
        cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
        if not cr.fetchone()[0]:
            sys.exit(f"Database {dbname!r} is not an Odoo database.")
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [MODULE])
        row = cr.fetchone()
        if not row or row[0] != "installed":
            sys.exit(
                f"Module {MODULE} is not installed in database {dbname!r} "
                f"(state: {row[0] if row else 'unknown'}); refusing to run. Install it with\n"
                f"  python3 -m odoo -c CONF -d {dbname} -i {MODULE} --stop-after-init"
            )


def ensure_setup(env):
    """The BENCH branch, the officer and researcher users, and the refs for generate.py."""
    from odoo import Command

    company = env.company
    Branch = env["beneficiary.branch"].with_context(active_test=False)
    branch = Branch.search([("code", "=", BENCH_BRANCH_CODE), ("company_id", "=", company.id)])
    if not branch:
        branch = Branch.create(
            {"name": "Benchmark data", "code": BENCH_BRANCH_CODE, "company_id": company.id}
        )
    Users = env["res.users"].with_context(active_test=False, no_reset_password=True)

    # As an administrator creating the user in Settings would: the groups of the
    # default user template (which include "Contact Creation", needed because a
    # file creates its res.partner as the current user) plus the module's group.
    default_groups = Users._default_groups()

    def user(login, name, group_xmlid):
        groups = default_groups | env.ref(group_xmlid)
        record = Users.search([("login", "=", login)])
        if not record:
            record = Users.create(
                {
                    "login": login,
                    "name": name,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(groups.ids)],
                }
            )
        else:
            if not record.active:
                record.active = True
            if groups - record.groups_id:
                record.groups_id = [Command.link(group.id) for group in groups]
        return record

    officer = user(OFFICER_LOGIN, "Bench Officer", OFFICER_GROUP)
    researchers = env["res.users"]
    for number, login in enumerate(RESEARCHER_LOGINS, start=1):
        researchers |= user(login, f"Bench Researcher {number}", RESEARCHER_GROUP)
    categories = {
        category.code: category.id
        for category in env["beneficiary.category"].with_context(active_test=False).search([])
    }
    missing = set(generate.CATEGORY_CODES) - set(categories)
    if missing:
        sys.exit(f"Missing beneficiary categories (by code): {sorted(missing)}")
    codes = ["SA", *generate.RESIDENT_COUNTRIES]
    countries = {c.code: c.id for c in env["res.country"].search([("code", "in", codes)])}
    env.cr.commit()
    refs = {
        "categories": categories,
        "countries": countries,
        "branch_id": branch.id,
        "company_id": company.id,
        "researcher_ids": researchers.ids,
    }
    return branch, officer, refs


def bench_ids(env, branch):
    env.cr.execute(
        "SELECT id, partner_id FROM beneficiary_beneficiary WHERE branch_id = %s ORDER BY id",
        [branch.id],
    )
    return env.cr.fetchall()


def delete_files(env, rows, chunk=10000):
    """Delete benchmark files (and their partners, members, income lines, chatter) in SQL.

    The ORM unlink would refuse non-applicant files and take far longer than the load
    itself at 100k; the benchmark data has nothing else pointing at it.
    """
    cr = env.cr
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        ids = [row[0] for row in part]
        partner_ids = [row[1] for row in part]
        for model, res_ids in ((MODEL, ids), ("res.partner", partner_ids)):
            cr.execute(
                "DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)", [model, res_ids]
            )
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = %s AND res_id = ANY(%s)",
                [model, res_ids],
            )
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = %s AND res_id = ANY(%s)",
                [model, res_ids],
            )
        # members, income lines, documents and the committee relation cascade
        cr.execute("DELETE FROM beneficiary_beneficiary WHERE id = ANY(%s)", [ids])
        cr.execute(
            "DELETE FROM res_partner WHERE id = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM res_users u WHERE u.partner_id = res_partner.id)",
            [partner_ids],
        )
        cr.commit()
    env.invalidate_all()


def reset(env, branch):
    rows = bench_ids(env, branch)
    started = now()
    delete_files(env, rows)
    print(f"Reset: deleted {len(rows)} benchmark files in {now() - started:.1f} s")


def analyze(env):
    for table in (
        "beneficiary_beneficiary",
        "beneficiary_member",
        "beneficiary_income",
        "res_partner",
        "mail_message",
        "mail_followers",
    ):
        env.cr.execute(f"ANALYZE {table}")  # pylint: disable=sql-injection
    env.cr.commit()


# ---------------------------------------------------------------------------- load
def create_batch(env, officer, batch, mode):
    """Create one batch in ``mode`` and commit; return (create_s, commit_s, queries)."""
    from odoo import SUPERUSER_ID

    spec = MODES[mode]
    user = officer.id if spec["user"] == "officer" else SUPERUSER_ID
    Beneficiary = env(user=user, context=dict(spec["context"]))[MODEL]
    with count_queries() as stats:
        started = now()
        if "partner_context" in spec:
            batch = [dict(vals) for vals in batch]
            partner_vals = [
                {
                    **{key: vals.pop(key) for key in PARTNER_FIELDS if key in vals},
                    "company_id": vals.get("company_id") or Beneficiary.env.company.id,
                }
                for vals in batch
            ]
            partners = (
                Beneficiary.env["res.partner"]
                .with_context(**spec["partner_context"])
                .create(partner_vals)
            )
            for vals, partner in zip(batch, partners, strict=True):
                vals["partner_id"] = partner.id
        if spec["members"] == "inline":
            Beneficiary.create(batch)
        else:
            files = Beneficiary.create([vals for vals, _members, _incomes in batch])
            member_vals, income_vals = [], []
            for record, (_vals, members, incomes) in zip(files, batch, strict=True):
                member_vals += [dict(m, beneficiary_id=record.id) for m in members]
                income_vals += [dict(i, beneficiary_id=record.id) for i in incomes]
            Beneficiary.env["beneficiary.member"].create(member_vals)
            Beneficiary.env["beneficiary.income"].create(income_vals)
        env.flush_all()
        created = now()
        env.cr.commit()  # runs the precommit hooks: tracking, creation templates
        committed = now()
    env.invalidate_all()
    env.clear()
    return created - started, committed - created, stats["queries"], stats["sql_time"]


def load(env, officer, refs, args, existing):
    missing = args.count - existing
    if missing <= 0:
        print(f"Load: {existing} benchmark files already there (>= --count {args.count}).")
        return None
    print(
        f"Load: creating {missing} files (households {existing}..{args.count - 1}) in batches "
        f"of {args.batch}, mode {args.mode!r}, one commit per batch"
    )
    spec = MODES[args.mode]
    rates, totals = [], defaultdict(float)
    members = incomes = 0
    done = 0
    started = now()
    for batch in generate.vals_batches(
        missing, args.batch, refs, seed=args.seed, start=existing, members=spec["members"]
    ):
        for vals in batch:
            inline = vals if spec["members"] == "inline" else None
            if inline is not None:
                members += len(vals["member_ids"])
                incomes += len(vals["income_line_ids"])
            else:
                members += len(vals[1])
                incomes += len(vals[2])
        create_s, commit_s, queries, sql_s = create_batch(env, officer, batch, args.mode)
        elapsed = create_s + commit_s
        rates.append(len(batch) / elapsed)
        totals["create"] += create_s
        totals["commit"] += commit_s
        totals["queries"] += queries
        totals["sql"] += sql_s
        done += len(batch)
        if len(rates) % args.progress == 0 or done == missing:
            print(
                f"  {existing + done:>7} files | batch {len(batch) / elapsed:7.1f} files/s "
                f"(create {create_s:5.2f} s + commit {commit_s:5.2f} s, {queries} queries) | "
                f"RSS {current_rss_mb():6.0f} MB (peak {peak_rss_mb():6.0f} MB)",
                flush=True,
            )
    wall = now() - started
    orm = totals["create"] + totals["commit"]
    return {
        "files": missing,
        "members": members,
        "incomes": incomes,
        "wall_s": wall,
        "orm_s": orm,
        "rate_overall": missing / orm,
        "rate_wall": missing / wall,
        "rate_min": min(rates),
        "rate_median": statistics.median(rates),
        "rate_max": max(rates),
        "commit_share": totals["commit"] / orm,
        "queries_per_file": totals["queries"] / missing,
        "sql_share": totals["sql"] / orm,
    }


# ---------------------------------------------------------------------------- reads
def sample_national_ids(total, count, seed):
    rng = random.Random(seed)
    indexes = rng.sample(range(total), min(count, total))
    return [generate.household(index, seed)["beneficiary"]["national_id"] for index in indexes]


def time_calls(env, func, inputs, check=None):
    durations = []
    for value in inputs:
        env.invalidate_all()
        started = now()
        result = func(value)
        durations.append(now() - started)
        if check:
            check(value, result)
    return durations


def measure_lookups(env, officer, numbers):
    from odoo import SUPERUSER_ID

    results = {}

    def expect_one(number, records):
        if len(records) != 1 or records.national_id != number:
            raise AssertionError(f"lookup of {number} returned {records!r}")

    for who, uid in (("officer", officer.id), ("superuser", SUPERUSER_ID)):
        Beneficiary = env(user=uid, context=dict(WEB_CONTEXT))[MODEL]
        # warm-up (ormcache of rules, access rights): a running server is warm
        Beneficiary._find_by_national_id(numbers[0])
        results[f"_find_by_national_id ({who})"] = time_calls(
            env,
            lambda number, model=Beneficiary: model._find_by_national_id(number),
            numbers,
            expect_one,
        )
        results[f"search national_id = x ({who})"] = time_calls(
            env,
            lambda number, model=Beneficiary: model.search([("national_id", "=", number)]),
            numbers,
            expect_one,
        )
    return results


def list_specification(env, user_id):
    """The web client's specification for the registry list view, from its arch."""
    from lxml import etree

    Beneficiary = env(user=user_id, context=dict(WEB_CONTEXT))[MODEL]
    views = Beneficiary.get_views([(False, "list")])
    arch = etree.fromstring(views["views"]["list"]["arch"])
    spec = {}
    for node in arch.iterchildren("field"):
        name = node.get("name")
        field = Beneficiary._fields[name]
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def first_page(model, spec, domain, _run=None):
    """What the list view asks for when it opens: 80 rows and a count up to 10001."""
    return model.web_search_read(domain, spec, offset=0, limit=80, order="", count_limit=10001)


def measure_list(env, officer, categories, runs):
    from odoo import SUPERUSER_ID

    results, queries = {}, {}
    for who, uid in (("officer", officer.id), ("superuser", SUPERUSER_ID)):
        spec = list_specification(env, uid)
        Beneficiary = env(user=uid, context=dict(WEB_CONTEXT))[MODEL]
        cases = [
            (f"{who}: category {code}", [("category_id", "=", category_id)])
            for code, category_id in categories.items()
        ]
        cases.append((f"{who}: no filter", []))  # for reference, no target
        for name, domain in cases:
            page = functools.partial(first_page, Beneficiary, spec, domain)
            page()  # warm-up: a running server has its caches warm
            with count_queries() as stats:
                results[name] = time_calls(env, page, range(runs))
            queries[name] = stats["queries"] / runs
    return results, queries


# ---------------------------------------------------------------------------- profiling
def profile_batch(env, officer, refs, args, start):
    """Create one batch under cProfile and a per-query-shape SQL profile, then delete it."""
    spec = MODES[args.mode]
    batch = next(
        generate.vals_batches(
            args.profile_batch,
            args.profile_batch,
            refs,
            seed=args.seed,
            start=start,
            members=spec["members"],
        )
    )
    profiler = cProfile.Profile()
    with query_profile() as shapes, count_queries() as stats:
        profiler.enable()
        create_s, commit_s, _queries, _sql = create_batch(env, officer, batch, args.mode)
        profiler.disable()
    size = len(batch)
    print(
        f"Profile of one batch of {size} files, mode {args.mode!r}: create {create_s:.2f} s + "
        f"commit {commit_s:.2f} s = {size / (create_s + commit_s):.1f} files/s, "
        f"{stats['queries']} queries ({stats['queries'] / size:.1f} per file), "
        f"SQL {stats['sql_time']:.2f} s"
    )
    print("Top queries by total time (count, total, per file):")
    for shape, (count, seconds) in sorted(shapes.items(), key=lambda kv: -kv[1][1])[:15]:
        print(f"  {count:6d} {seconds * 1000:9.1f} ms {count / size:6.2f}/file  {shape[:150]}")
    print("Top queries by count:")
    for shape, (count, seconds) in sorted(shapes.items(), key=lambda kv: -kv[1][0])[:10]:
        print(f"  {count:6d} {seconds * 1000:9.1f} ms {count / size:6.2f}/file  {shape[:150]}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    print(out.getvalue())
    if args.profile_out:
        profiler.dump_stats(args.profile_out)
        print(f"cProfile data written to {args.profile_out} (python3 -m pstats FILE)")
    # remove the profiled batch again
    env.cr.execute(
        "SELECT id, partner_id FROM beneficiary_beneficiary WHERE national_id = ANY(%s)",
        [
            [
                vals[0]["national_id"] if isinstance(vals, tuple) else vals["national_id"]
                for vals in batch
            ]
        ],
    )
    delete_files(env, env.cr.fetchall())


# ---------------------------------------------------------------------------- compare
def chatter_rows(env):
    env.cr.execute(
        "SELECT (SELECT count(*) FROM mail_message), (SELECT count(*) FROM mail_followers)"
    )
    return env.cr.fetchone()


def compare_modes(env, officer, refs, args, start):
    """Create ``--compare`` files per mode at the current size, then delete them.

    The modes take turns batch by batch (round robin), so that a slow period of
    the machine (checkpoint, another process) affects every mode alike.
    """
    stats = {
        mode: {
            "elapsed": 0.0,
            "rates": [],
            "queries": 0,
            "messages": 0,
            "followers": 0,
            "created": [],
            "files": 0,
        }
        for mode in args.compare_modes
    }
    batches = {
        mode: generate.vals_batches(
            args.compare,
            args.batch,
            refs,
            seed=args.seed,
            start=start + number * args.compare,
            members=MODES[mode]["members"],
        )
        for number, mode in enumerate(args.compare_modes)
    }
    while batches:
        for mode in list(batches):
            batch = next(batches[mode], None)
            if batch is None:
                del batches[mode]
                continue
            entry = stats[mode]
            messages, followers = chatter_rows(env)
            create_s, commit_s, queries, _sql = create_batch(env, officer, batch, mode)
            after_messages, after_followers = chatter_rows(env)
            entry["rates"].append(len(batch) / (create_s + commit_s))
            entry["elapsed"] += create_s + commit_s
            entry["queries"] += queries
            entry["messages"] += after_messages - messages
            entry["followers"] += after_followers - followers
            entry["files"] += len(batch)
            entry["created"] += [
                v[0]["national_id"] if isinstance(v, tuple) else v["national_id"] for v in batch
            ]
    results = {}
    for mode, entry in stats.items():
        files = entry["files"]
        results[mode] = {
            "rate": files / entry["elapsed"],
            "median": statistics.median(entry["rates"]),
            "queries_per_file": entry["queries"] / files,
            "messages_per_file": entry["messages"] / files,
            "followers_per_file": entry["followers"] / files,
        }
        env.cr.execute(
            "SELECT id, partner_id FROM beneficiary_beneficiary WHERE national_id = ANY(%s)",
            [entry["created"]],
        )
        delete_files(env, env.cr.fetchall())
    return results


# ---------------------------------------------------------------------------- report
def verdict(ok):
    return "PASS" if ok else "MISS"


def report(args, size, counts, load_stats, lookups, lists, list_queries, compare, rss):
    line("=")
    print(
        f"beneficiary_relations benchmark - database {args.database!r}, "
        f"{size} benchmark files ({counts['members']} members, {counts['incomes']} income "
        f"lines; {counts['all_files']} files in the database)"
    )
    line("=")
    rows = []
    if load_stats:
        rows.append(
            (
                f"Batch create, mode {args.mode!r} (batch {args.batch}), overall",
                f"{load_stats['rate_overall']:.1f} files/s",
                f">= {TARGET_CREATE_RATE:.0f} files/s",
                verdict(load_stats["rate_overall"] >= TARGET_CREATE_RATE),
            )
        )
        rows.append(
            (
                "  per batch: min / median / max",
                f"{load_stats['rate_min']:.0f} / {load_stats['rate_median']:.0f} / "
                f"{load_stats['rate_max']:.0f}",
                "",
                "",
            )
        )
    for name, durations in lookups.items():
        median = statistics.median(durations)
        rows.append(
            (
                f"ID lookup {name}, median (p95) of {len(durations)}",
                f"{fmt_ms(median)} ({fmt_ms(percentile(durations, 0.95))})",
                f"<= {TARGET_LOOKUP_MS:.0f} ms",
                verdict(median * 1000 <= TARGET_LOOKUP_MS),
            )
        )
    for name, durations in lists.items():
        median = statistics.median(durations)
        target = name.endswith("no filter")
        rows.append(
            (
                f"List page 1 {name}, median (p95) of {len(durations)}",
                f"{fmt_ms(median)} ({fmt_ms(percentile(durations, 0.95))})",
                "(info)" if target else f"<= {TARGET_LIST_MS:.0f} ms",
                "" if target else verdict(median * 1000 <= TARGET_LIST_MS),
            )
        )
    rows.append(("Peak RSS of the benchmark process", f"{rss:.0f} MB", "", ""))
    width = max(len(row[0]) for row in rows) + 2
    print(f"{'Measure':<{width}}{'Measured':>26}  {'Target':<18}Result")
    line()
    for name, measured, target, result in rows:
        print(f"{name:<{width}}{measured:>26}  {target:<18}{result}")
    line()
    if load_stats:
        print(
            f"Load: {load_stats['files']} files + {load_stats['members']} members + "
            f"{load_stats['incomes']} income lines in {load_stats['wall_s']:.0f} s wall "
            f"({load_stats['orm_s']:.0f} s in create+commit, "
            f"{load_stats['rate_wall']:.1f} files/s including data generation); "
            f"commit (precommit hooks) {load_stats['commit_share']:.0%} of ORM time; "
            f"{load_stats['queries_per_file']:.2f} queries per file; "
            f"SQL {load_stats['sql_share']:.0%} of ORM time"
        )
    if list_queries:
        queries = ", ".join(
            f"{name.split(': ', 1)[1]} {count:.0f}"
            for name, count in list_queries.items()
            if name.startswith("officer")
        )
        print(f"Queries per list page (officer, incl. the count): {queries}")
    if compare:
        print(f"Mode comparison at this size ({args.compare} files per mode, batch {args.batch}):")
        for mode, result in compare.items():
            print(
                f"  {mode:<14} {result['rate']:8.1f} files/s overall, median batch "
                f"{result['median']:7.1f} files/s, {result['queries_per_file']:.2f} queries, "
                f"{result['messages_per_file']:.1f} messages, "
                f"{result['followers_per_file']:.1f} followers per file"
            )
        for mode in compare:
            spec = MODES[mode]
            extra = (
                f" partner context={spec['partner_context']}" if "partner_context" in spec else ""
            )
            print(
                f"    {mode}: user={spec['user']} members={spec['members']} "
                f"context={spec['context'] or '{}'}{extra}"
            )
    line("=")


def counts_in_db(env, branch):
    cr = env.cr
    cr.execute("SELECT count(*) FROM beneficiary_beneficiary")
    all_files = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM beneficiary_member m JOIN beneficiary_beneficiary b "
        "ON b.id = m.beneficiary_id WHERE b.branch_id = %s",
        [branch.id],
    )
    members = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM beneficiary_income i JOIN beneficiary_beneficiary b "
        "ON b.id = i.beneficiary_id WHERE b.branch_id = %s",
        [branch.id],
    )
    incomes = cr.fetchone()[0]
    return {"all_files": all_files, "members": members, "incomes": incomes}


# ---------------------------------------------------------------------------- main
def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Benchmark of the beneficiary registry (see bench/README.md).",
    )
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True, help="database (module installed)")
    parser.add_argument(
        "--count",
        type=int,
        default=100000,
        help="number of benchmark files to have in the database (default 100000)",
    )
    parser.add_argument("--batch", type=int, default=1000, help="files per create() (1000)")
    parser.add_argument(
        "--mode",
        choices=sorted(MODES),
        default="real",
        help="creation mode of the load (default: real)",
    )
    parser.add_argument(
        "--reset", action="store_true", help="delete previous benchmark data (branch BENCH) first"
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--lookups", type=int, default=200, help="ID lookups to time (200)")
    parser.add_argument("--list-runs", type=int, default=50, help="list pages per case (50)")
    parser.add_argument(
        "--compare",
        type=int,
        default=0,
        metavar="N",
        help="also create N files per mode in --compare-modes at the final "
        "size, report their rate, and delete them again (default 0: off)",
    )
    parser.add_argument(
        "--compare-modes",
        default=",".join(MODES),
        type=lambda text: [mode for mode in text.split(",") if mode],
    )
    parser.add_argument(
        "--profile-batch",
        type=int,
        default=0,
        metavar="N",
        help="profile the creation of one batch of N files (cProfile and "
        "queries by shape) after the load, then delete it",
    )
    parser.add_argument("--profile-out", metavar="FILE", help="also dump the cProfile data")
    parser.add_argument("--no-measure", action="store_true", help="load (or reset) only")
    parser.add_argument("--progress", type=int, default=10, help="print every N batches")
    parser.add_argument("--log-level", default="warn")
    parser.add_argument("--log-sql", action="store_true", help="Odoo's --log-sql (very verbose)")
    args = parser.parse_args(argv)
    unknown = set(args.compare_modes) - set(MODES)
    if unknown:
        parser.error(f"unknown modes {sorted(unknown)}; choose from {sorted(MODES)}")
    if args.count < 0 or args.batch <= 0:
        parser.error("--count must be >= 0 and --batch > 0")
    if args.count * generate.ID_SLOTS_PER_HOUSEHOLD >= 10**8 // 2:
        parser.error("--count too large for the national ID space")
    return args


def main(argv=None):
    args = parse_args(argv)
    registry = boot(args)
    from odoo import SUPERUSER_ID, api

    print(f"Registry of {args.database!r} loaded; peak RSS {peak_rss_mb():.0f} MB")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        branch, officer, refs = ensure_setup(env)
        if args.reset:
            reset(env, branch)
        existing = len(bench_ids(env, branch))
        load_stats = load(env, officer, refs, args, existing)
        size = max(existing, args.count) if load_stats else existing
        if args.no_measure or not size:
            print(f"{size} benchmark files in the database; nothing measured.")
            return 0
        analyze(env)
        if args.profile_batch:
            profile_batch(env, officer, refs, args, start=size + 500_000)
        numbers = sample_national_ids(size, args.lookups, args.seed)
        lookups = measure_lookups(env, officer, numbers)
        lists, list_queries = measure_list(env, officer, refs["categories"], args.list_runs)
        compare = compare_modes(env, officer, refs, args, size + 1_000_000) if args.compare else {}
        counts = counts_in_db(env, branch)
        cr.rollback()
    report(args, size, counts, load_stats, lookups, lists, list_queries, compare, peak_rss_mb())
    return 0


if __name__ == "__main__":
    sys.exit(main())
