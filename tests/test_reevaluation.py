from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .test_program import ProgramCase


@tagged("post_install", "-at_install")
class TestReevaluation(ProgramCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        # Every other registered file was verified recently: only the cases below are due.
        cls.Beneficiary.search([("state", "=", "active")]).income_verified_date = today
        cls.recent = cls.registered(income=300)
        cls.recent.income_verified_date = today - relativedelta(months=3)
        cls.stale = cls.registered(income=300)
        cls.stale.income_verified_date = today - relativedelta(months=13)
        cls.expiring = cls.registered(income=300)
        cls.expiring.income_verified_date = today
        cls.add_file_documents(cls.expiring, expiry=today + timedelta(days=10))
        cls.Reevaluation = cls.env["mail.activity"]
        cls.activity_type = cls.env.ref("beneficiary_relations.mail_activity_type_reevaluation")

    def tasks(self, files):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "beneficiary.beneficiary"),
                ("res_id", "in", files.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_files_due_get_one_task_for_their_researcher(self):
        self.stale.researcher_id = self.researcher
        self.Beneficiary._cron_flag_reevaluation()
        tasks = self.tasks(self.stale | self.expiring | self.recent)
        self.assertEqual(set(tasks.mapped("res_id")), {self.stale.id, self.expiring.id})
        stale_task = tasks.filtered(lambda task: task.res_id == self.stale.id)
        self.assertEqual(stale_task.user_id, self.researcher)
        self.assertIn("more than 12 months", stale_task.note)
        expiring_task = tasks.filtered(lambda task: task.res_id == self.expiring.id)
        self.assertIn("expires on", expiring_task.note)
        # Safe to run twice: no second task.
        self.Beneficiary._cron_flag_reevaluation()
        self.assertEqual(len(self.tasks(self.stale | self.expiring)), 2)

    def test_the_researcher_closes_the_task(self):
        self.stale.researcher_id = self.researcher
        self.Beneficiary._cron_flag_reevaluation()
        self.stale.with_user(self.researcher).action_mark_reevaluated()
        self.assertEqual(self.stale.income_verified_date, fields.Date.today())
        self.assertFalse(self.stale.reevaluation_date)
        self.assertFalse(self.tasks(self.stale))

    def test_enrolled_files_no_longer_eligible_are_listed_not_withdrawn(self):
        self.env["beneficiary.program.enrolment"]._evaluate_for(self.program, self.stale)
        enrolment = self.env["beneficiary.program.enrolment"].search(
            [("beneficiary_id", "=", self.stale.id)]
        )
        self.assertEqual(enrolment.state, "enrolled")
        self.stale.income_line_ids.amount = 5000
        self.Beneficiary._cron_flag_reevaluation()
        self.assertEqual(enrolment.state, "enrolled", "a person decides")
        self.assertTrue(enrolment.needs_review)
        self.assertIn("800", enrolment.reasons)
        enrolment.with_user(self.officer).action_withdraw()
        self.assertEqual(enrolment.state, "withdrawn")
        self.assertFalse(enrolment.needs_review)
