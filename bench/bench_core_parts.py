#!/usr/bin/env python3
"""Query counts of the batch paths kept beside Odoo's own parts.

    python3 bench/bench_core_parts.py -c ODOO_CONF -d DB [--rows 80]

Runs inside Odoo's environment against a database that has the module installed,
and rolls everything back. For ``--rows`` records (a list page) it counts:

* the SLA status of a list: the working dates read once for the company
  (``res.company._beneficiary_working_dates``, what ``_compute_sla_status`` does)
  against one calendar read per row (``resource.calendar._work_intervals_batch``
  per deadline, as ``get_work_duration_data`` does);
* answer deadlines: one ``_beneficiary_add_working_days`` against
  ``resource.calendar.plan_days`` (15 working days);
* reference numbers: ``_next_references`` of the batch against ``ir.sequence._next``
  per record.

Counts are printed, never asserted. See bench/README.md.
"""
# This is a command-line tool, not module code: printing is its job.
# pylint: disable=print-used

import argparse
import sys
from datetime import date, timedelta

MODULE = "beneficiary_relations"


def count_queries(env, function):
    """Queries of a second run: the records read by the first stay in the cache."""
    function()
    start = env.cr.sql_log_count
    function()
    return env.cr.sql_log_count - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rows", type=int, default=80)
    args = parser.parse_args()

    import odoo  # noqa: PLC0415  (Odoo is only needed when the tool runs)
    from odoo.api import SUPERUSER_ID, Environment  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {"tz": "Asia/Riyadh"})
        if "beneficiary.reference.mixin" not in env:
            sys.exit(f"{MODULE} is not installed (or not up to date) in {args.database}")
        company = env.company
        calendar = company._beneficiary_calendar()
        today = date(2026, 3, 1)
        deadlines = [today + timedelta(days=index % 40) for index in range(args.rows)]
        midnight = company._beneficiary_local_midnight
        domain = company._beneficiary_leave_domain(calendar)

        def per_row_calendar():
            for deadline in deadlines:
                calendar._work_intervals_batch(
                    midnight(calendar, today), midnight(calendar, deadline), domain=domain
                )

        rows = [
            (
                "SLA status of a list",
                count_queries(
                    env, lambda: company._beneficiary_working_dates(today, max(deadlines))
                ),
                count_queries(env, per_row_calendar),
            ),
            (
                "one 15-working-day deadline",
                count_queries(env, lambda: company._beneficiary_add_working_days(today, 15)),
                count_queries(
                    env,
                    lambda: calendar.plan_days(
                        15, midnight(calendar, today), compute_leaves=True, domain=domain
                    ),
                ),
            ),
        ]
        sequence = env["ir.sequence"].create(
            {"name": "bench", "code": "bench.core.parts", "implementation": "standard"}
        )
        mixin = env["beneficiary.reference.mixin"]
        rows.append(
            (
                "reference numbers of a batch",
                count_queries(env, lambda: mixin._next_references(sequence.code, args.rows)),
                count_queries(env, lambda: [sequence._next() for _row in range(args.rows)]),
            )
        )
        cr.rollback()

    print(f"| {args.rows} rows | batch path (queries) | Odoo's per-record path (queries) |")
    print("|---|---|---|")
    for name, batch, per_record in rows:
        print(f"| {name} | {batch} | {per_record} |")


if __name__ == "__main__":
    main()
