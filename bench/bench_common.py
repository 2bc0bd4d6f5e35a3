"""What the benchmarks share: opening the database, benchmark files, timing, tables.

No Odoo import at module level: ``generate.py`` and the command-line parsing work
without Odoo; ``odoo_env`` imports it when a benchmark runs.
"""
# This is a command-line helper, not module code: printing and committing are its job.
# pylint: disable=print-used,invalid-commit

import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = str(Path(__file__).resolve().parents[1])
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

from tools.national_id import national_id_check_digit  # noqa: E402  (pure helper)

MODULE = "beneficiary_relations"
# Benchmark files are created without chatter (no message, follower or tracking).
FAST_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def with_check_digit(body):
    """A valid national ID (or iqama) from its first nine digits."""
    return body + national_id_check_digit(body)


@contextmanager
def odoo_env(config, database, model, context=None):
    """A superuser environment on ``database``, refusing to run unless the module is
    installed and loaded (``model`` is one of its models). Rolled back at the end:
    what must stay is committed by the benchmark itself."""
    import odoo  # noqa: PLC0415  (Odoo is only needed when a benchmark runs)
    from odoo.api import SUPERUSER_ID, Environment  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, context or {})
        module = env["ir.module.module"].search([("name", "=", MODULE)])
        if module.state != "installed" or model not in env:
            sys.exit(f"{MODULE} is not installed (or not up to date) in {database}")
        yield env
        cr.rollback()


def bench_branch(env, code, name):
    """The branch that marks the benchmark files of one benchmark."""
    Branch = env["beneficiary.branch"].with_context(active_test=False)
    return Branch.search([("code", "=", code)], limit=1) or Branch.create(
        {"name": name, "code": code}
    )


def top_up(env, branch, count, batch, create):
    """Create benchmark files until ``branch`` holds ``count`` of them.

    ``create(first, last)`` creates the files numbered ``first`` to ``last - 1``;
    each batch is committed, and the progress printed.
    """
    have = env["beneficiary.beneficiary"].search_count([("branch_id", "=", branch.id)])
    start = time.perf_counter()
    for first in range(have, count, batch):
        last = min(first + batch, count)
        create(first, last)
        env.cr.commit()
        env.invalidate_all()
        print(f"  created {last}/{count} files ({time.perf_counter() - start:.0f} s)", flush=True)
    return branch


@contextmanager
def timed():
    """``with timed() as clock: …`` then ``clock.seconds`` is the block's wall time."""

    class Clock:
        seconds = None

    clock = Clock()
    began = time.perf_counter()
    try:
        yield clock
    finally:
        clock.seconds = time.perf_counter() - began


def print_table(header, rows):
    """Print a Markdown table (as bench/README.md shows the results)."""
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
