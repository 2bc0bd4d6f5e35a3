import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import FinanceCase


class ProgramCase(FinanceCase):
    """A running program of 500 SAR a month for widows with at most 800 SAR per member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["beneficiary.eligibility.rule"].with_user(cls.manager)
        cls.income_rule = Rule.create(
            {
                "name": "دخل الفرد 800",
                "criterion": "income_per_member",
                "max_income_per_member": 800,
            }
        )
        cls.widow_rule = Rule.create(
            {
                "name": "الأرامل",
                "criterion": "category",
                "category_ids": [(6, 0, cls.category_widow.ids)],
            }
        )
        cls.program = (
            cls.env["beneficiary.program"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "الإعانة الشهرية للأرامل",
                    "code": "WIDOWS",
                    "periodicity": "monthly",
                    "amount": 500,
                    "budget_amount": 2000,
                    "analytic_account_id": cls.analytic.id,
                    "eligibility_rule_ids": [(6, 0, (cls.income_rule | cls.widow_rule).ids)],
                }
            )
        )
        cls.program.with_user(cls.manager).action_start()
        cls.poor = cls.registered(income=1000)  # 1,000 SAR for one person
        cls.poorer = cls.registered(income=300)
        cls.rich = cls.registered(income=5000)
        cls.divorcee = cls.registered(income=100, category_id=cls.category_divorcee.id)

    @classmethod
    def registered(cls, income, **values):
        beneficiary = cls.create_beneficiary(
            income_line_ids=[(0, 0, {"source": "social_security", "amount": income})], **values
        )
        beneficiary.action_record_consent()
        beneficiary.action_activate()
        return beneficiary

    def enrol(self, beneficiaries, user=None):
        wizard = (
            self.env["beneficiary.program.enrol.wizard"]
            .with_user(user or self.officer)
            .create({"program_id": self.program.id, "beneficiary_ids": [(6, 0, beneficiaries.ids)]})
        )
        action = wizard.action_enrol()
        return self.env["beneficiary.program.enrolment"].search(action["domain"])

    def cycle(self, user=None, **values):
        return (
            self.env["beneficiary.program.cycle"]
            .with_user(user or self.officer)
            .create({"program_id": self.program.id, "date_start": "2026-03-01", **values})
        )


@tagged("post_install", "-at_install")
class TestProgramEnrolment(ProgramCase):
    def test_bulk_enrolment_keeps_the_reasons_of_those_left_out(self):
        enrolments = self.enrol(self.poor | self.poorer | self.rich | self.divorcee)
        by_file = {enrolment.beneficiary_id: enrolment for enrolment in enrolments}
        self.assertEqual(by_file[self.poorer].state, "enrolled")
        self.assertFalse(by_file[self.poorer].reasons)
        self.assertEqual(by_file[self.poor].state, "not_eligible")
        self.assertEqual(by_file[self.rich].state, "not_eligible")
        self.assertIn("800", by_file[self.rich].reasons)
        self.assertIn(self.category_divorcee.name, by_file[self.divorcee].reasons)
        self.assertTrue(by_file[self.rich].result_ids)

    def test_eligible_files_are_enrolled_with_their_need(self):
        low = self.registered(income=600)
        enrolments = self.enrol(low | self.poorer)
        self.assertEqual(set(enrolments.mapped("state")), {"enrolled"})
        self.assertTrue(all(enrolments.mapped("enrolled_date")))
        neediest = self.env["beneficiary.program.enrolment"].search(
            [("program_id", "=", self.program.id)], limit=1
        )
        self.assertEqual(neediest.beneficiary_id, self.poorer, "the list sorts by need")
        self.assertEqual(self.program.enrolled_count, 2)

    def test_enrolling_again_evaluates_again_without_duplicates(self):
        (first,) = self.enrol(self.rich)
        self.assertEqual(first.state, "not_eligible")
        self.rich.income_line_ids.amount = 200
        (second,) = self.enrol(self.rich)
        self.assertEqual(second, first)
        self.assertEqual(second.state, "enrolled")
        self.assertEqual(len(second.result_ids), 2)

    def test_unregistered_files_are_not_enrolled(self):
        applicant = self.create_beneficiary(
            income_line_ids=[(0, 0, {"source": "social_security", "amount": 100})]
        )
        (enrolment,) = self.enrol(applicant)
        self.assertEqual(enrolment.state, "not_eligible")
        self.assertIn("not registered", enrolment.reasons)

    def test_the_filter_enrols_only_what_the_user_may_see(self):
        self.poorer.researcher_id = self.researcher
        wizard = (
            self.env["beneficiary.program.enrol.wizard"]
            .with_user(self.officer)
            .create({"program_id": self.program.id, "domain": "[('state', '=', 'active')]"})
        )
        enrolments = self.env["beneficiary.program.enrolment"].search(
            wizard.action_enrol()["domain"]
        )
        self.assertIn(self.poorer, enrolments.beneficiary_id)
        with self.assertRaises(AccessError):
            self.env["beneficiary.program.enrol.wizard"].with_user(self.researcher).create(
                {"program_id": self.program.id}
            ).action_enrol()

    def test_only_managers_create_programs(self):
        with self.assertRaises(AccessError):
            self.env["beneficiary.program"].with_user(self.officer).create(
                {"name": "x", "code": "X", "amount": 1, "budget_amount": 1}
            )
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation):
            self.env["beneficiary.program"].with_user(self.manager).create(
                {"name": "x", "code": "X", "amount": 0, "budget_amount": 1}
            )


@tagged("post_install", "-at_install")
class TestProgramCycle(ProgramCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls.registered(income=300)
        cls.second = cls.registered(income=700)
        cls.enrolled = cls.first | cls.second
        cls.env["beneficiary.program.enrolment"]._evaluate_for(cls.program, cls.enrolled)

    def test_generate_approve_and_pay(self):
        cycle = self.cycle()
        self.assertEqual(cycle.date_end.isoformat(), "2026-03-31")
        cycle.action_generate()
        self.assertEqual(cycle.state, "generated")
        self.assertEqual(cycle.entitlement_ids.beneficiary_id, self.enrolled)
        self.assertEqual(cycle.total_amount, 1000)
        self.assertEqual(self.program.committed_amount, 1000)
        self.assertEqual(self.program.remaining_budget, 1000)
        with self.assertRaises(AccessError):
            cycle.with_user(self.officer).action_approve()
        cycle.with_user(self.manager).action_approve()
        self.assertEqual(cycle.state, "approved")
        self.assertEqual(cycle.approved_by_id, self.manager)
        with self.assertRaises(AccessError):
            cycle.with_user(self.manager).action_pay()
        cycle.with_user(self.finance).action_pay()
        self.assertEqual(cycle.state, "paid")
        bills = cycle.entitlement_ids.move_id
        self.assertEqual(len(bills), 2)
        self.assertEqual(set(bills.mapped("state")), {"posted"})
        self.assertEqual(bills.partner_id, self.enrolled.partner_id)
        self.assertEqual(
            bills.invoice_line_ids.mapped("analytic_distribution"),
            [{str(self.analytic.id): 100}] * 2,
        )
        self.assertEqual(self.program.paid_amount, 1000)

    def test_payment_needs_the_managers_approval(self):
        cycle = self.cycle()
        cycle.action_generate()
        with self.assertRaisesRegex(UserError, "approved cycle"):
            cycle.with_user(self.finance).action_pay()
        self.assertFalse(cycle.entitlement_ids.move_id)

    def test_never_over_the_budget(self):
        self.cycle().action_generate()
        self.cycle(date_start="2026-04-01").action_generate()
        third = self.cycle(date_start="2026-05-01")
        with self.assertRaisesRegex(UserError, "budget"):
            third.action_generate()
        self.assertFalse(third.entitlement_ids)
        self.assertEqual(third.state, "draft")
        self.assertEqual(self.program.committed_amount, 2000)
        with self.assertRaises(ValidationError):
            self.program.with_user(self.manager).budget_amount = 1500
        # A cancelled cycle gives its budget back.
        self.env["beneficiary.program.cycle"].search(
            [("program_id", "=", self.program.id), ("date_start", "=", "2026-04-01")]
        ).action_cancel()
        third.action_generate()
        self.assertEqual(len(third.entitlement_ids), 2)

    def test_generating_again_adds_nobody_twice(self):
        cycle = self.cycle()
        cycle.action_generate()
        with self.assertRaises(UserError):
            cycle.action_generate()
        done, remaining = cycle._generate_batch()
        self.assertEqual((done, remaining), (0, 0))
        self.assertEqual(len(cycle.entitlement_ids), 2)

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_a_second_entitlement_in_a_cycle(self):
        cycle = self.cycle()
        cycle.action_generate()
        with self.assertRaises(psycopg2.errors.UniqueViolation):
            self.env["beneficiary.program.entitlement"].create(
                {"cycle_id": cycle.id, "beneficiary_id": self.first.id, "amount": 500}
            )
            self.env.flush_all()

    def test_a_large_cycle_continues_in_batches_with_progress(self):
        cycle = self.cycle()
        with self.patched_batch(1):
            cycle.action_generate()
            self.assertEqual(len(cycle.entitlement_ids), 1)
            self.assertEqual(cycle.job, "generate")
            self.assertEqual(cycle.state, "draft")
            progress = self.env["ir.cron.progress"].create(
                {"cron_id": self.env.ref("beneficiary_relations.ir_cron_program_cycle_jobs").id}
            )
            self.env["beneficiary.program.cycle"].with_context(
                ir_cron_progress_id=progress.id
            )._cron_process_jobs()
        self.assertEqual(len(cycle.entitlement_ids), 2)
        self.assertEqual(cycle.state, "generated")
        self.assertEqual(cycle.job, "none")
        self.assertEqual((progress.done, progress.remaining), (1, 0))

    def patched_batch(self, size):
        from unittest.mock import patch

        from ..models import beneficiary_program_cycle

        return patch.object(beneficiary_program_cycle, "BATCH_SIZE", size)

    def test_withdrawn_beneficiaries_get_nothing(self):
        enrolment = self.env["beneficiary.program.enrolment"].search(
            [("beneficiary_id", "=", self.second.id)]
        )
        enrolment.with_user(self.officer).action_withdraw()
        cycle = self.cycle()
        cycle.action_generate()
        self.assertEqual(cycle.entitlement_ids.beneficiary_id, self.first)

    def test_closed_programs_generate_nothing(self):
        self.program.with_user(self.manager).action_close()
        with self.assertRaisesRegex(UserError, "not running"):
            self.cycle().action_generate()

    def test_access_to_entitlements(self):
        cycle = self.cycle()
        cycle.action_generate()
        entitlement = cycle.entitlement_ids[:1]
        for user in (self.officer, self.manager, self.finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                entitlement.with_user(user).write({"amount": 1})
        for user in (self.researcher, self.committee_member):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                entitlement.with_user(user).read(["amount"])
