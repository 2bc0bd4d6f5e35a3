#!/usr/bin/env python3
"""Benchmark of the XLSX registry export and of one beneficiary-file PDF.

    python3 bench/bench_exports.py -c ODOO_CONF -d DB [--sizes 10000,100000] [--no-pdf]

Runs inside Odoo's environment against a throwaway database that has the module
installed. Tops the database up to the largest size with benchmark files (marked
by the branch with code ``BENCH_XLSX``, created without chatter for speed, one
commit per batch), then measures for each size:

* the registry XLSX export (``_xlsx_export_to_file``) of that many files: wall
  time, and the peak resident memory above the level before the export, sampled
  every 5 ms by a thread reading /proc/self/statm;
* one beneficiary-file PDF through wkhtmltopdf (``_render_qweb_pdf``), timed.

Prints a table with the targets (100k rows <= 30 s and <= 100 MB; one PDF <= 2 s).
Timings are printed, never asserted. See bench/README.md.
"""
# This is a command-line tool, not module code: printing and committing are its job.
# pylint: disable=print-used,invalid-commit

import argparse
import os
import threading
import time

import bench_common as bench

BRANCH_CODE = "BENCH_XLSX"
TARGET_EXPORT_S = 30.0
TARGET_EXPORT_MB = 100.0
TARGET_PDF_S = 2.0
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
NAMES = ("نورة", "هند", "منى", "سارة", "فاطمة", "عائشة", "ريم", "لطيفة")
FAMILIES = ("العتيبي", "القحطاني", "الشهري", "الغامدي", "الدوسري", "الحربي")


def rss_bytes():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE_SIZE


class PeakRss:
    """Samples the resident set size in a thread; ``peak - start`` is the extra memory."""

    def __init__(self, interval=0.005):
        self.interval = interval
        self.start = self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            time.sleep(self.interval)

    def __enter__(self):
        self.start = self.peak = rss_bytes()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())

    @property
    def extra_mb(self):
        return (self.peak - self.start) / 2**20


def national_id(index):
    return bench.with_check_digit(f"1{(index * 7919 + 13) % 10**8:08d}")


def create_files(env, branch):
    """``create(first, last)`` for ``top_up``: files with their contact, of every category."""
    Beneficiary = env["beneficiary.beneficiary"].with_context(**bench.FAST_CONTEXT)
    Partner = env["res.partner"].with_context(**bench.FAST_CONTEXT)
    categories = env["beneficiary.category"].search([]).ids
    channels = env["beneficiary.channel"].search([("can_reply", "=", True)]).ids

    def create(first, last):
        partners = Partner.create(
            [
                {
                    "name": f"{NAMES[i % len(NAMES)]} {FAMILIES[i % len(FAMILIES)]} {i}",
                    "mobile": f"+9665{i:08d}",
                    "city": "الرياض",
                }
                for i in range(first, last)
            ]
        )
        Beneficiary.create(
            [
                {
                    "partner_id": partner.id,
                    "national_id": national_id(i),
                    "branch_id": branch.id,
                    "category_id": categories[i % len(categories)],
                    "preferred_channel_id": channels[i % len(channels)],
                    "marital_status": "widowed",
                    "birth_date": f"19{60 + i % 40}-0{1 + i % 9}-1{i % 9}",
                    "housing_type": "rented",
                    "monthly_rent": 1000 + i % 2000,
                }
                for i, partner in zip(range(first, last), partners, strict=True)
            ]
        )

    return create


def bench_export(env, branch, size):
    Beneficiary = env["beneficiary.beneficiary"]
    ids = Beneficiary.search([("branch_id", "=", branch.id)], order="id", limit=size).ids
    records = Beneficiary.browse(ids)
    env.invalidate_all()
    with PeakRss() as memory, bench.timed() as clock:
        path, rows = records._xlsx_export_to_file()
    file_mb = os.path.getsize(path) / 2**20
    os.unlink(path)
    env.invalidate_all()
    return rows, clock.seconds, memory.extra_mb, file_mb


def bench_pdf(env, branch):
    record = env["beneficiary.beneficiary"].search([("branch_id", "=", branch.id)], limit=1)
    # No Odoo HTTP server runs in this process: wkhtmltopdf is pointed at a closed
    # port for the CSS instead of waiting on (or hitting another) server.
    env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
    Report = env["ir.actions.report"]
    xmlid = "beneficiary_relations.beneficiary_beneficiary_report_file"
    Report._render_qweb_pdf(xmlid, record.ids)  # warm the templates and the asset bundle
    with bench.timed() as clock:
        pdf, _kind = Report._render_qweb_pdf(xmlid, record.ids)
    assert pdf.startswith(b"%PDF")
    return clock.seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--lang", default="ar_001")
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    context = {"lang": args.lang, "tz": "Asia/Riyadh"}
    with bench.odoo_env(
        args.config, args.database, "beneficiary.xlsx.export.mixin", context
    ) as env:
        print(f"topping up to {sizes[-1]} files…", flush=True)
        branch = bench.bench_branch(env, BRANCH_CODE, "Benchmark")
        bench.top_up(env, branch, sizes[-1], args.batch, create_files(env, branch))
        results = [(size, *bench_export(env, branch, size)) for size in sizes]
        pdf_s = None if args.no_pdf else bench_pdf(env, branch)

    rows = []
    for _size, count, elapsed, extra_mb, file_mb in results:
        rows += [
            (
                f"registry XLSX, {count:,} rows: time",
                f"{elapsed:.1f} s",
                f"≤ {TARGET_EXPORT_S:.0f} s",
            ),
            (
                f"registry XLSX, {count:,} rows: extra memory (peak RSS)",
                f"{extra_mb:.1f} MB",
                f"≤ {TARGET_EXPORT_MB:.0f} MB",
            ),
            (f"registry XLSX, {count:,} rows: file size", f"{file_mb:.1f} MB", "-"),
        ]
    if pdf_s is not None:
        rows.append(("one beneficiary-file PDF", f"{pdf_s:.2f} s", f"≤ {TARGET_PDF_S:.0f} s"))
    bench.print_table(("measure", "result", "target"), rows)


if __name__ == "__main__":
    main()
