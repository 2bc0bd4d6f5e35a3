#!/usr/bin/env python3
"""Beneficiary file creation against plain ``res.partner`` creation, in the same run.

    python3 bench/bench_create_ratio.py -c ODOO_CONF -d DB [--sizes 1,10,100] [--rounds 5]

For every batch size, the same officer creates in turn a batch of files (each with
its contact, family members and income lines, as the form saves them, mail.thread
on) and a batch of plain contacts with the same name, phone, e-mail and address,
round after round, so that a busy period of the machine slows both alike. Each
batch is created, flushed and committed (the commit runs the tracking precommit
hooks); the data is deleted again at the end. Prints the rate of both, their ratio
and the queries per record. Timings are printed, never asserted. See bench/README.md.
"""
# This is a command-line tool, not module code: printing and committing are its job.
# pylint: disable=print-used,invalid-commit

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_registry as bench  # noqa: E402  (bench/bench_registry.py)
import generate  # noqa: E402  (bench/generate.py, no Odoo import)

# Household numbers of this bench: far from the registry bench's own.
START = 3_000_000
# Created as the officer's form does: a new applicant file (registration and
# consent are buttons of their own, refused in create values).
STATUS_FIELDS = ("state", "registration_date", "consent_date", "consent_version")


def partner_batch(env, officer, vals_list):
    """Create, flush and commit plain contacts; (seconds, queries, ids)."""
    Partner = env(user=officer.id)["res.partner"]
    with bench.count_queries() as stats:
        started = bench.now()
        partners = Partner.create(vals_list)
        env.flush_all()
        env.cr.commit()
        elapsed = bench.now() - started
    ids = partners.ids
    env.invalidate_all()
    env.clear()
    return elapsed, stats["queries"], ids


def measure(env, officer, refs, size, rounds, seed, start):
    result = {"file": [0.0, 0, 0], "partner": [0.0, 0, 0]}
    batches = generate.vals_batches(size * rounds, size, refs, seed=seed, start=start)
    created_files, created_partners = [], []
    for batch in batches:
        for vals in batch:
            for field in STATUS_FIELDS:
                vals.pop(field, None)
        # The file's create takes its contact's values out of the dicts it is given.
        partner_vals = [
            {key: vals[key] for key in bench.PARTNER_FIELDS if key in vals} for vals in batch
        ]
        create_s, commit_s, queries, _sql = bench.create_batch(env, officer, batch, "real")
        entry = result["file"]
        entry[0] += create_s + commit_s
        entry[1] += queries
        entry[2] += len(batch)
        created_files += [vals["national_id"] for vals in batch]
        elapsed, queries, ids = partner_batch(env, officer, partner_vals)
        entry = result["partner"]
        entry[0] += elapsed
        entry[1] += queries
        entry[2] += len(ids)
        created_partners += ids
    env.cr.execute(
        "SELECT id, partner_id FROM beneficiary_beneficiary WHERE national_id = ANY(%s)",
        [created_files],
    )
    bench.delete_files(env, env.cr.fetchall())
    # Plain contacts: no file, only their chatter and themselves.
    bench.delete_files(env, [(0, partner_id) for partner_id in created_partners])
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True, help="database (module installed)")
    parser.add_argument(
        "--sizes",
        default="1,10,100",
        type=lambda text: [int(size) for size in text.split(",") if size],
        help="records per create() (1,10,100)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="batches per size and kind (5)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--log-level", default="warn")
    args = parser.parse_args(argv)
    args.log_sql = False
    registry = bench.boot(args)
    from odoo import SUPERUSER_ID, api

    rows = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        _branch, officer, refs = bench.ensure_setup(env)
        # One warm-up batch of each kind: caches and prepared plans, not measured.
        measure(env, officer, refs, 1, 1, args.seed, START)
        for number, size in enumerate(args.sizes, start=1):
            start = START + number * 100_000
            result = measure(env, officer, refs, size, args.rounds, args.seed, start)
            rows.append((size, result))
    bench.line("=")
    print(
        f"{'size':>5} {'files/s':>9} {'partners/s':>11} {'ratio':>6} "
        f"{'queries/batch: files':>21} {'partners':>9}"
    )
    for size, result in rows:
        file_s, file_q, files = result["file"]
        partner_s, partner_q, partners = result["partner"]
        file_rate, partner_rate = files / file_s, partners / partner_s
        print(
            f"{size:>5} {file_rate:>9.1f} {partner_rate:>11.1f} {file_rate / partner_rate:>6.2f} "
            f"{file_q / args.rounds:>21.1f} {partner_q / args.rounds:>9.1f}"
        )
    bench.line("=")
    return 0


if __name__ == "__main__":
    sys.exit(main())
