import os
from collections import Counter
from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.beneficiary_xlsx_export_mixin import EXPORT_ATTACHMENT_DESCRIPTION, XLSX_MIMETYPE
from ..tools.xlsx import StreamingXlsxWriter, XlsxColumn

# Sections of the pack that other parts of the module provide. Each is filled by
# ``<model>._evidence_pack_section(wizard)`` when that model exists and has the
# method; until then the pack says the figures are not available.
PLUGGED_SECTIONS = (
    ("policy", "beneficiary.policy"),
    ("acknowledgement", "beneficiary.policy.acknowledgement"),
    ("complaints", "beneficiary.complaint"),
    ("compensation", "beneficiary.compensation"),
    ("satisfaction", "survey.user_input"),
)


class BeneficiaryEvidencePackWizard(models.TransientModel):
    """The governance evidence pack of a period (NCNP governance standard).

    Shows that the beneficiary relations policy is applied: requests received per
    channel and type, the share answered within the deadline, the average time to
    answer, visits done, and - once their models exist - the approved policy,
    acknowledgement coverage, complaints, compensation and satisfaction.
    Printed as a PDF, with the detail as an XLSX annex.
    """

    _name = "beneficiary.evidence.pack.wizard"
    _description = "Governance Evidence Pack"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The start of the period is after its end."))

    # ------------------------------------------------------------------ figures
    def _utc_bounds(self):
        """The period as naive UTC datetimes [start, end) in the company's time zone."""
        self.ensure_one()
        calendar = self.company_id._beneficiary_calendar()
        tz = pytz.timezone(calendar.tz or "Asia/Riyadh")
        start = tz.localize(datetime.combine(self.date_from, time.min))
        end = tz.localize(datetime.combine(fields.Date.add(self.date_to, days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    def _request_domain(self):
        start, end = self._utc_bounds()
        return [
            ("company_id", "=", self.company_id.id),
            ("received_date", ">=", start),
            ("received_date", "<", end),
            ("state", "!=", "cancelled"),
        ]

    def _request_figures(self):
        """Requests received in the period (cancelled ones excepted)."""
        self.ensure_one()
        Request = self.env["beneficiary.request"]
        domain = self._request_domain()
        by_channel = [
            (channel.name, count)
            for channel, count in Request._read_group(
                domain, ["channel_id"], ["__count"], order="__count desc"
            )
        ]
        by_type = [
            (request_type.name, count)
            for request_type, count in Request._read_group(
                domain, ["type_id"], ["__count"], order="__count desc"
            )
        ]
        answered = Request.search(domain + [("answer_date", "!=", False)])
        on_time = answered.filtered(
            lambda request: (
                request.deadline_date
                and request._local_date(request.answer_date) <= request.deadline_date
            )
        )
        hours = answered.mapped("time_to_answer")
        unanswered_overdue = Request.search_count(
            domain
            + [
                ("answer_date", "=", False),
                ("deadline_date", "<", fields.Date.context_today(self)),
                ("state", "not in", ("closed", "cancelled")),
            ]
        )
        # Nothing answered: no rate and no average (blank, not 0).
        average_hours = sum(hours) / len(hours) if hours else None
        on_time_rate = 100.0 * len(on_time) / len(answered) if answered else None
        return {
            "received": sum(count for _name, count in by_channel),
            "by_channel": by_channel,
            "by_type": by_type,
            "answered": len(answered),
            "answered_on_time": len(on_time),
            "on_time_rate": on_time_rate,
            "on_time_display": f"{len(on_time)} ({on_time_rate:.1f}%)" if answered else "",
            "average_hours": average_hours,
            "average_days": average_hours / 24 if hours else None,
            "average_days_display": f"{average_hours / 24:.1f}" if hours else "",
            "overdue_unanswered": unanswered_overdue,
        }

    def _visit_figures(self):
        self.ensure_one()
        visits = self.env["beneficiary.visit"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                ("done_date", ">=", self.date_from),
                ("done_date", "<=", self.date_to),
            ]
        )
        labels = dict(visits._fields["visit_type"]._description_selection(self.env))
        counts = Counter(visits.mapped("visit_type"))
        return {
            "done": len(visits),
            "by_type": [(labels[key], counts[key]) for key in labels if counts.get(key)],
        }

    def _section_titles(self):
        return {
            "policy": self.env._("Approved Policy and Board Approval"),
            "acknowledgement": self.env._("Employee Acknowledgement Coverage"),
            "complaints": self.env._("Complaints"),
            "compensation": self.env._("Compensation Cases"),
            "satisfaction": self.env._("Satisfaction"),
        }

    def _plugged_sections(self):
        """[{key, title, available, rows: [(label, value)]}] of the pluggable sections."""
        self.ensure_one()
        titles = self._section_titles()
        sections = []
        for key, model_name in PLUGGED_SECTIONS:
            model = self.env[model_name] if model_name in self.env else None
            provider = getattr(model, "_evidence_pack_section", None) if model is not None else None
            rows = provider(self) if provider else None
            sections.append(
                {
                    "key": key,
                    "title": titles[key],
                    "available": rows is not None,
                    "rows": rows or [],
                }
            )
        return sections

    def _evidence_figures(self):
        self.ensure_one()
        return {
            "requests": self._request_figures(),
            "visits": self._visit_figures(),
            "sections": self._plugged_sections(),
        }

    def _summary_rows(self, figures):
        """(section, indicator, value) rows of the pack's summary."""
        requests, visits = figures["requests"], figures["visits"]
        section_requests = self.env._("Requests")
        rows = [
            (section_requests, self.env._("Requests received"), requests["received"]),
            (section_requests, self.env._("Requests answered"), requests["answered"]),
            (
                section_requests,
                self.env._("Answered within the deadline"),
                requests["answered_on_time"],
            ),
            (
                section_requests,
                self.env._("Answered within the deadline (%)"),
                None if requests["on_time_rate"] is None else round(requests["on_time_rate"], 1),
            ),
            (
                section_requests,
                self.env._("Average time to answer (days)"),
                None if requests["average_days"] is None else round(requests["average_days"], 1),
            ),
            (
                section_requests,
                self.env._("Unanswered past the deadline"),
                requests["overdue_unanswered"],
            ),
            (self.env._("Visits"), self.env._("Visits done"), visits["done"]),
        ]
        not_available = self.env._("Not available")
        for section in figures["sections"]:
            if not section["available"]:
                rows.append((section["title"], not_available, None))
            for label, value in section["rows"]:
                rows.append((section["title"], label, value))
        return rows

    # ------------------------------------------------------------------ outputs
    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref(
            "beneficiary_relations.beneficiary_evidence_pack_wizard_report_pack"
        ).report_action(self)

    def _xlsx_annex_to_file(self, path=None):
        """Write the annex: summary, per channel, per type and every request of the period."""
        self.ensure_one()
        figures = self._evidence_figures()
        Request = self.env["beneficiary.request"]
        count = self.env._("Count")
        writer = StreamingXlsxWriter(
            path, rtl=True, true_label=self.env._("Yes"), false_label=self.env._("No")
        )
        with writer:
            writer.add_sheet(
                self.env._("Summary"),
                [
                    XlsxColumn(self.env._("Section"), width=30),
                    XlsxColumn(self.env._("Indicator"), width=40),
                    XlsxColumn(self.env._("Value"), "number"),
                ],
            )
            writer.write_rows([list(row) for row in self._summary_rows(figures)])
            writer.add_sheet(
                self.env._("By Channel"),
                [XlsxColumn(self.env._("Channel"), width=30), XlsxColumn(count, "integer")],
            )
            writer.write_rows([list(row) for row in figures["requests"]["by_channel"]])
            writer.add_sheet(
                self.env._("By Request Type"),
                [XlsxColumn(self.env._("Request Type"), width=30), XlsxColumn(count, "integer")],
            )
            writer.write_rows([list(row) for row in figures["requests"]["by_type"]])
            writer.add_sheet(Request._xlsx_export_sheet_name(), Request._xlsx_export_columns())
            ids = Request.search(self._request_domain(), order="id").ids
            writer.write_rows(Request._xlsx_export_rows(ids))
        return writer.path

    def action_export_xlsx(self):
        self.ensure_one()
        path = self._xlsx_annex_to_file()
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        finally:
            os.unlink(path)
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Evidence Pack %(start)s - %(end)s.xlsx",
                    start=self.date_from,
                    end=self.date_to,
                ),
                "raw": data,
                "mimetype": XLSX_MIMETYPE,
                "description": EXPORT_ATTACHMENT_DESCRIPTION,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
