from odoo.tests import tagged

from .test_policy import PIXEL, PolicyCase

try:
    import openpyxl
except ImportError:  # pragma: no cover - depends on the machine
    openpyxl = None


@tagged("post_install", "-at_install")
class TestPolicyEvidence(PolicyCase):
    """The policy's board approval and acknowledgement coverage as evidence."""

    def test_evidence_pack_sections_report_and_export(self):
        policy = self.published_policy()
        signed = policy.acknowledgement_ids.filtered(lambda ack: ack.employee_id == self.employee)
        signed.with_user(self.employee_user)._do_sign(PIXEL)
        # The pack is the manager's.
        wizard = (
            self.env["beneficiary.evidence.pack.wizard"]
            .with_user(self.manager)
            .create({"date_from": "2022-01-01", "date_to": "2026-12-31"})
        )
        sections = {section["key"]: section for section in wizard._plugged_sections()}
        self.assertTrue(all(section["available"] for section in sections.values()))
        policy_rows = dict(sections["policy"]["rows"])
        self.assertEqual(policy_rows[self.env._("Board decision number")], "12/3/1444")
        # A date (a date cell in the XLSX annex), and its Hijri text beside it.
        self.assertEqual(policy_rows[self.env._("Approval date")], policy.approval_date)
        self.assertIn("02/06/1444", policy_rows[self.env._("Approval date (Hijri)")])
        coverage = dict(sections["acknowledgement"]["rows"])
        total = len(policy.acknowledgement_ids)
        self.assertEqual(coverage[self.env._("Employees asked to sign")], total)
        self.assertEqual(coverage[self.env._("Employees who signed")], 1)
        self.assertEqual(
            coverage[self.env._("Acknowledgement coverage (%)")], round(100.0 / total, 1)
        )
        # The policy prints with its board approval.
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "beneficiary_relations.beneficiary_policy_report", policy.ids
        )
        html = html.decode()
        for value in ("12/3/1444", "عبدالله الدوسري", "نص السياسة", "02/06/1444"):
            self.assertIn(value, html)
        # Acknowledgement coverage exports to XLSX.
        if openpyxl is None:
            self.skipTest("openpyxl is not installed")
        path, count = policy.acknowledgement_ids._xlsx_export_to_file(
            domain=[("policy_id", "=", policy.id)]
        )
        self.assertEqual(count, total)
        sheet = openpyxl.load_workbook(path).worksheets[0]
        self.assertEqual(sheet.max_row, total + 1)
        self.assertTrue(sheet.sheet_view.rightToLeft)
