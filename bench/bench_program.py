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
import time

import bench_common as bench

BRANCH_CODE = "BENCH_PROGRAM"
AMOUNT = 500.0


def national_id(index):
    return bench.with_check_digit(f"2{60_000_000 + index:08d}")


def create_files(env, branch):
    """``create(first, last)`` for ``top_up``: active widows' files with one income."""
    Beneficiary = env["beneficiary.beneficiary"].with_context(**bench.FAST_CONTEXT)
    widow = env.ref("beneficiary_relations.category_widow").id

    def create(first, last):
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

    return create


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

    context = {"lang": "ar_001", "tz": "Asia/Riyadh"}
    with bench.odoo_env(args.config, args.database, "beneficiary.program.cycle", context) as env:
        cr = env.cr
        company = env.company
        if not env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "purchase")], limit=1
        ):
            env["account.chart.template"].try_loading("generic_coa", company)
            cr.commit()
        print(f"topping up to {args.count} files…", flush=True)
        branch = bench.bench_branch(env, BRANCH_CODE, "Program benchmark")
        bench.top_up(env, branch, args.count, args.batch, create_files(env, branch))
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

        with bench.timed() as enrol:
            enrolments = program._enrol(beneficiaries)
            cr.commit()
        enrolled = enrolments.filtered(lambda enrolment: enrolment.state == "enrolled")
        print(
            f"enrolled {len(enrolled)} of {len(beneficiaries)} in {enrol.seconds:.1f} s", flush=True
        )

        cycle = env["beneficiary.program.cycle"].create(
            {"program_id": program.id, "date_start": "2026-03-01"}
        )
        with bench.timed() as first:
            cycle.action_generate()
            cr.commit()
        job_s, generate_batches = run_job(env, cycle, "generate") if cycle.job != "none" else (0, 0)
        generate_s = first.seconds + job_s
        entitlements = len(cycle.entitlement_ids)

        with bench.timed() as approve:
            cycle.action_approve()
            cr.commit()

        pay_s = pay_batches = None
        if not args.no_pay:
            with bench.timed() as first:
                cycle._pay_batch()
                if cycle.state != "paid":
                    cycle.job = "pay"
                cr.commit()
            job_s, pay_batches = run_job(env, cycle, "pay") if cycle.job != "none" else (0, 0)
            pay_s = first.seconds + job_s

    rows = [
        (f"enrol {len(beneficiaries):,} files (rules checked)", f"{enrol.seconds:.1f} s", 1),
        (f"generate {entitlements:,} entitlements", f"{generate_s:.1f} s", generate_batches + 1),
        ("approve the cycle", f"{approve.seconds:.1f} s", 1),
    ]
    if pay_s is not None:
        rows.append(
            (
                f"pay by {entitlements:,} disbursements and vendor bills",
                f"{pay_s:.1f} s",
                pay_batches + 1,
            )
        )
    bench.print_table(("step", "time", "batches"), rows)


if __name__ == "__main__":
    main()
