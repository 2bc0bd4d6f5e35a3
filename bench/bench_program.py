#!/usr/bin/env python3
"""Benchmark of an aid-program cycle: enrol, generate, approve and pay N beneficiaries.

    python3 bench/bench_program.py -c ODOO_CONF -d DB [--count 10000] [--no-pay]

Runs inside Odoo's environment against a throwaway database that has the module
installed (and a chart of accounts; the generic one is loaded when there is no
purchase journal). Tops the database up to ``--count`` registered files (marked by
the branch with code ``BENCH_PROGRAM``, created without chatter, one commit per
batch), creates a program whose budget fits one cycle, then times:

* the bulk enrolment of every file, each checked against the program's rules;
* the generation of one cycle, batch by batch through the scheduled job's method
  (``_cron_process_jobs``), committing after each batch as the cron does;
* the manager's approval;
* the payment by aid disbursements and their vendor bills, batch by batch through
  the same job.

Timings are printed, never asserted. See bench/README.md.
"""
# This is a command-line tool, not module code: printing and committing are its job.
# pylint: disable=print-used,invalid-commit

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = str(Path(__file__).resolve().parents[1])
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

from tools.national_id import national_id_check_digit  # noqa: E402  (pure helper)

MODULE = "beneficiary_relations"
BRANCH_CODE = "BENCH_PROGRAM"
AMOUNT = 500.0
FAST_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def national_id(index):
    body = f"2{60_000_000 + index:08d}"
    return body + national_id_check_digit(body)


def top_up(env, count, batch):
    Branch = env["beneficiary.branch"]
    branch = Branch.search([("code", "=", BRANCH_CODE)], limit=1) or Branch.create(
        {"name": "Program benchmark", "code": BRANCH_CODE}
    )
    Beneficiary = env["beneficiary.beneficiary"].with_context(**FAST_CONTEXT)
    have = Beneficiary.search_count([("branch_id", "=", branch.id)])
    widow = env.ref("beneficiary_relations.category_widow").id
    start = time.perf_counter()
    for first in range(have, count, batch):
        last = min(first + batch, count)
        Beneficiary.create(
            [
                {
                    "name": f"مستفيدة {i}",
                    "national_id": national_id(i),
                    "branch_id": branch.id,
                    "category_id": widow,
                    "marital_status": "widowed",
                    "state": "active",
                    "consent_date": "2026-01-01 08:00:00",
                    "income_line_ids": [(0, 0, {"source": "pension", "amount": 300 + i % 500})],
                }
                for i in range(first, last)
            ]
        )
        env.cr.commit()
        env.invalidate_all()
        print(f"  created {last}/{count} files ({time.perf_counter() - start:.0f} s)", flush=True)
    return branch


def run_job(env, cycle, label):
    """Call the scheduled job's method until the cycle's job is done, committing."""
    cron = env.ref("beneficiary_relations.ir_cron_program_cycle_jobs")
    Cycle = env["beneficiary.program.cycle"]
    batches, start = 0, time.perf_counter()
    while True:
        progress = env["ir.cron.progress"].create({"cron_id": cron.id})
        Cycle.with_context(ir_cron_progress_id=progress.id)._cron_process_jobs()
        env.cr.commit()
        env.invalidate_all()
        batches += 1
        print(
            f"  {label}: batch {batches}, done {progress.done}, remaining "
            f"{progress.remaining} ({time.perf_counter() - start:.0f} s)",
            flush=True,
        )
        if not progress.remaining:
            return time.perf_counter() - start, batches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--no-pay", action="store_true")
    args = parser.parse_args()

    import odoo  # noqa: PLC0415  (Odoo is only needed when the tool runs)
    from odoo.api import SUPERUSER_ID, Environment  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {"lang": "ar_001", "tz": "Asia/Riyadh"})
        module = env["ir.module.module"].search([("name", "=", MODULE)])
        if module.state != "installed" or "beneficiary.program.cycle" not in env:
            sys.exit(f"{MODULE} is not installed (or not up to date) in {args.database}")
        company = env.company
        if not env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "purchase")], limit=1
        ):
            env["account.chart.template"].try_loading("generic_coa", company)
            cr.commit()
        print(f"topping up to {args.count} files…", flush=True)
        branch = top_up(env, args.count, args.batch)
        beneficiaries = env["beneficiary.beneficiary"].search([("branch_id", "=", branch.id)])
        rule = env["beneficiary.eligibility.rule"].create(
            {
                "name": "bench: income per member",
                "criterion": "income_per_member",
                "max_income_per_member": 1000,
            }
        )
        code = f"BENCH{int(time.time())}"
        program = env["beneficiary.program"].create(
            {
                "name": code,
                "code": code,
                "amount": AMOUNT,
                "budget_amount": AMOUNT * len(beneficiaries),
                "eligibility_rule_ids": [(6, 0, rule.ids)],
            }
        )
        program.action_start()
        cr.commit()

        start = time.perf_counter()
        enrolments = program._enrol(beneficiaries)
        cr.commit()
        enrol_s = time.perf_counter() - start
        enrolled = enrolments.filtered(lambda enrolment: enrolment.state == "enrolled")
        print(f"enrolled {len(enrolled)} of {len(beneficiaries)} in {enrol_s:.1f} s", flush=True)

        cycle = env["beneficiary.program.cycle"].create(
            {"program_id": program.id, "date_start": "2026-03-01"}
        )
        start = time.perf_counter()
        cycle.action_generate()
        cr.commit()
        first_s = time.perf_counter() - start
        job_s, generate_batches = run_job(env, cycle, "generate") if cycle.job != "none" else (0, 0)
        generate_s = first_s + job_s
        entitlements = len(cycle.entitlement_ids)

        start = time.perf_counter()
        cycle.action_approve()
        cr.commit()
        approve_s = time.perf_counter() - start

        pay_s = pay_batches = None
        if not args.no_pay:
            start = time.perf_counter()
            cycle._pay_batch()
            if cycle.state != "paid":
                cycle.job = "pay"
            cr.commit()
            first_s = time.perf_counter() - start
            job_s, pay_batches = run_job(env, cycle, "pay") if cycle.job != "none" else (0, 0)
            pay_s = first_s + job_s
        print()
        print("| step | time | batches |")
        print("|---|---|---|")
        print(f"| enrol {len(beneficiaries):,} files (rules checked) | {enrol_s:.1f} s | 1 |")
        print(
            f"| generate {entitlements:,} entitlements | {generate_s:.1f} s | "
            f"{generate_batches + 1} |"
        )
        print(f"| approve the cycle | {approve_s:.1f} s | 1 |")
        if pay_s is not None:
            print(
                f"| pay by {entitlements:,} disbursements and vendor bills | {pay_s:.1f} s | "
                f"{pay_batches + 1} |"
            )


if __name__ == "__main__":
    main()
