import os
from datetime import datetime
from unittest.mock import patch

from lxml import html as lxml_html

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..wizard import beneficiary_evidence_pack_wizard as pack_module
from .common import RequestCase

try:
    import openpyxl
except ImportError:  # pragma: no cover - depends on the machine
    openpyxl = None


@tagged("post_install", "-at_install")
class TestEvidencePack(RequestCase):
    """A fixed July 2025: four requests received (one cancelled), two answered
    (one on time in 48 hours, one late in 49 days), one overdue, one visit done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.inquiry_type = cls.env["beneficiary.request.type"].create(
            {"name": "استفسار عام", "code": "test_inquiry", "kind": "inquiry", "sla_days": 5}
        )

        def request(received, channel, request_type=None, complete=None, answer=None):
            record = cls.create_request(
                received_date=received,
                channel_id=channel.id,
                type_id=(request_type or cls.aid_type).id,
            )
            values = {}
            if complete:
                values["complete_date"] = complete
            if answer:
                values["answer_date"] = answer
            record.write(values)
            return record

        cls.on_time = request(
            datetime(2025, 7, 1, 6),
            cls.channel_hq,
            complete=datetime(2025, 7, 1, 6),
            answer=datetime(2025, 7, 3, 6),
        )
        cls.late = request(
            datetime(2025, 7, 2, 6),
            cls.channel_email,
            complete=datetime(2025, 7, 2, 6),
            answer=datetime(2025, 8, 20, 6),
        )
        cls.overdue = request(
            datetime(2025, 7, 5, 6),
            cls.channel_hq,
            cls.inquiry_type,
            complete=datetime(2025, 7, 5, 6),
        )
        cls.cancelled = request(datetime(2025, 7, 10, 6), cls.channel_phone)
        cls.cancelled._do_cancel("طلب مكرر")
        cls.outside = request(datetime(2025, 8, 5, 6), cls.channel_phone)
        Visit = cls.env["beneficiary.visit"]
        visit_values = {"visit_type": "field_visit", "beneficiary_id": cls.beneficiary.id}
        Visit.create({**visit_values, "planned_date": "2025-07-14"}).write(
            {"state": "done", "done_date": "2025-07-15"}
        )
        Visit.create({**visit_values, "planned_date": "2025-08-01"}).write(
            {"state": "done", "done_date": "2025-08-02"}
        )
        Visit.create({**visit_values, "planned_date": "2025-07-20"})
        cls.wizard = (
            cls.env["beneficiary.evidence.pack.wizard"]
            .with_user(cls.manager)
            .with_context(lang="ar_001", tz="Asia/Riyadh")
            .create({"date_from": "2025-07-01", "date_to": "2025-07-31"})
        )

    def test_figures_on_a_fixed_data_set(self):
        figures = self.wizard._evidence_figures()
        requests = figures["requests"]
        self.assertEqual(requests["received"], 3, "the cancelled and August requests are out")
        self.assertEqual(
            dict(requests["by_channel"]),
            {
                self.channel_hq.with_context(lang="ar_001").name: 2,
                self.channel_email.with_context(lang="ar_001").name: 1,
            },
        )
        self.assertEqual(dict(requests["by_type"]), {"مساعدة مالية": 2, "استفسار عام": 1})
        self.assertEqual(requests["answered"], 2)
        self.assertEqual(requests["answered_on_time"], 1)
        self.assertEqual(requests["on_time_rate"], 50.0)
        # (48 h + 49 days * 24 h) / 2 = 612 h = 25.5 days
        self.assertEqual(requests["average_hours"], 612.0)
        self.assertEqual(requests["average_days"], 25.5)
        self.assertEqual(requests["overdue_unanswered"], 1)
        self.assertEqual(figures["visits"]["done"], 1)
        sections = {section["key"]: section for section in figures["sections"]}
        self.assertEqual(
            set(sections),
            {"policy", "acknowledgement", "complaints", "compensation", "satisfaction"},
        )
        for key in ("policy", "acknowledgement", "complaints", "compensation", "satisfaction"):
            self.assertTrue(sections[key]["available"], key)

    def test_a_section_plugs_in_when_its_model_provides_it(self):
        visit_class = type(self.env["beneficiary.visit"])
        sections = (("complaints", "beneficiary.visit"),)

        def provide(model, wizard):
            return [("Complaints received", 7)]

        with (
            patch.object(pack_module, "PLUGGED_SECTIONS", sections),
            patch.object(visit_class, "_evidence_pack_section", provide, create=True),
        ):
            figures = self.wizard._evidence_figures()
            content = self.render()
        self.assertEqual(
            figures["sections"],
            [
                {
                    "key": "complaints",
                    "title": self.wizard._section_titles()["complaints"],
                    "available": True,
                    "rows": [("Complaints received", 7)],
                }
            ],
        )
        self.assertIn("Complaints received", content)

    def render(self):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(lang="ar_001", tz="Asia/Riyadh")
            ._render_qweb_html(
                "beneficiary_relations.beneficiary_evidence_pack_wizard_report_pack",
                self.wizard.ids,
            )
        )
        return html.decode()

    def test_pdf_report(self):
        root = lxml_html.fromstring(self.render())
        page = root.xpath("//div[contains(@class, 'o_beneficiary_report')]")[0]
        self.assertEqual(page.get("dir"), "rtl")
        bdi = [node.text_content().strip() for node in page.iter("bdi")]
        self.assertIn("1 (50.0%)", bdi)
        self.assertIn("25.5", bdi)
        text = page.text_content()
        # The period, Hijri first, in runs of their own (widget hijri_date).
        self.assertIn("06/01/1447 هـ", text)  # 1 July 2025
        self.assertIn("06/02/1447 هـ", text)  # 31 July 2025
        self.assertIn("مساعدة مالية", text)
        self.assertIn("استفسار عام", text)
        action = self.wizard.with_context(discard_logo_check=True).action_print_pdf()
        self.assertEqual(action["report_name"], "beneficiary_relations.report_evidence_pack")

    def test_xlsx_annex(self):
        if openpyxl is None:
            self.skipTest("openpyxl is not installed")
        path = self.wizard._xlsx_annex_to_file()
        self.addCleanup(os.unlink, path)
        book = openpyxl.load_workbook(path)
        self.assertEqual(len(book.worksheets), 4)
        summary, by_channel, by_type, detail = book.worksheets
        for sheet in book.worksheets:
            self.assertTrue(sheet.sheet_view.rightToLeft)
            self.assertEqual(sheet.freeze_panes, "A2")
        values = {row[1]: row[2] for row in summary.iter_rows(min_row=2, values_only=True)}
        env = self.wizard.env
        self.assertEqual(values[env._("Requests received")], 3)
        self.assertEqual(values[env._("Answered within the deadline (%)")], 50)
        self.assertEqual(values[env._("Average time to answer (days)")], 25.5)
        self.assertEqual(values[env._("Visits done")], 1)
        not_available = [
            row
            for row in summary.iter_rows(min_row=2, values_only=True)
            if row[1] == env._("Not available")
        ]
        self.assertEqual(not_available, [], "every section of the pack has its figures")
        self.assertEqual(by_channel.max_row, 3)
        self.assertEqual(by_type.max_row, 3)
        self.assertEqual(detail.max_row, 4, "the three requests of the period")
        references = {row[0] for row in detail.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(references, {self.on_time.name, self.late.name, self.overdue.name})
        action = self.wizard.action_export_xlsx()
        self.assertTrue(action["url"].startswith("/web/content/"))

    def test_period_and_access(self):
        with self.assertRaisesRegex(ValidationError, "start of the period is after its end"):
            self.env["beneficiary.evidence.pack.wizard"].create(
                {"date_from": "2025-08-01", "date_to": "2025-07-01"}
            )
        with self.assertRaises(AccessError):
            self.env["beneficiary.evidence.pack.wizard"].with_user(self.officer).create(
                {"date_from": "2025-07-01", "date_to": "2025-07-31"}
            )
