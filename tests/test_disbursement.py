import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import warmup
from odoo.tools import mute_logger

from .common import FinanceCase


class DisbursementCase(FinanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Disbursement = cls.env["beneficiary.disbursement"]

    @classmethod
    def approved_request(cls, amount=3000, **values):
        request = cls.to_committee(cls.create_request(**values))
        meeting = cls.meeting()
        cls.decide(request, meeting=meeting, approved_amount=amount)
        meeting.action_hold()
        cls.approve_minutes(meeting)
        return request


@tagged("post_install", "-at_install")
class TestDisbursement(DisbursementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls.approved_request(3000)

    def disburse(self, amount, request=None, user=None, **values):
        model = self.Disbursement.with_user(user or self.finance)
        return model.create(
            {"request_id": (request or self.request).id, "amount": amount, **values}
        )

    def test_instalments_and_remaining(self):
        self.assertEqual(self.request.state, "approved")
        self.assertEqual(self.request.remaining_amount, 3000)
        first = self.disburse(1000, analytic_distribution={str(self.analytic.id): 100})
        first.action_confirm()
        self.assertEqual(first.state, "confirmed")
        self.assertEqual(first.instalment, 1)
        bill = first.move_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.partner_id, self.request.partner_id)
        self.assertEqual(bill.amount_total, 1000)
        line = bill.invoice_line_ids
        self.assertEqual(line.analytic_distribution, {str(self.analytic.id): 100})
        self.assertEqual(self.request.disbursed_amount, 1000)
        self.assertEqual(self.request.remaining_amount, 2000)
        self.assertEqual(self.request.paid_amount, 0)
        second = self.disburse(2000)
        second.action_confirm()
        self.assertEqual(second.instalment, 2)
        self.assertEqual(self.request.remaining_amount, 0)
        self.assertEqual(self.request.disbursement_count, 2)

    def test_payment_marks_paid(self):
        disbursement = self.disburse(1200)
        disbursement.action_confirm()
        self.assertFalse(disbursement.is_paid)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=disbursement.move_id.ids
        ).create({}).action_create_payments()
        self.assertIn(disbursement.payment_state, ("paid", "in_payment"))
        self.assertTrue(disbursement.is_paid)
        self.assertEqual(self.request.paid_amount, 1200)
        with self.assertRaisesRegex(UserError, "already paid"):
            disbursement.action_cancel()

    def test_over_disbursement_refused(self):
        self.disburse(2500).action_confirm()
        over = self.disburse(501)
        with self.assertRaisesRegex(UserError, "would exceed the approved amount"):
            over.action_confirm()
        self.assertEqual(over.state, "draft")
        self.assertFalse(over.move_id)
        self.assertEqual(self.request.disbursed_amount, 2500)
        # Two drafts confirmed together are counted together.
        pair = self.disburse(300) | self.disburse(300)
        with self.assertRaisesRegex(UserError, "would exceed"):
            pair.action_confirm()
        self.assertEqual(set(pair.mapped("state")), {"draft"})
        self.disburse(500).action_confirm()
        self.assertEqual(self.request.remaining_amount, 0)

    def test_cancel_gives_amount_back(self):
        disbursement = self.disburse(3000)
        disbursement.action_confirm()
        disbursement.action_cancel()
        self.assertEqual(disbursement.state, "cancelled")
        self.assertEqual(disbursement.move_id.state, "cancel")
        self.assertEqual(self.request.disbursed_amount, 0)
        self.disburse(3000).action_confirm()

    def test_database_refuses_over_disbursement(self):
        self.disburse(3000).action_confirm()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation):
            with self.cr.savepoint():
                self.cr.execute(
                    "UPDATE beneficiary_request SET disbursed_amount = 3000.01 WHERE id = %s",
                    [self.request.id],
                )

    def test_confirmed_is_frozen(self):
        disbursement = self.disburse(1000)
        disbursement.action_confirm()
        with self.assertRaisesRegex(UserError, "Only a draft"):
            disbursement.amount = 5000
        with self.assertRaisesRegex(UserError, "Only a draft"):
            disbursement.action_confirm()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            disbursement.unlink()

    def test_only_approved_aid_is_paid(self):
        pending = self.create_request()
        with self.assertRaisesRegex(ValidationError, "no approved aid amount"):
            self.disburse(100, request=pending)
        # Zero or negative amounts are refused by the database itself.
        for amount in (0, -100):
            with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation):
                with self.cr.savepoint():
                    self.disburse(amount)

    def test_only_finance_creates_disbursements(self):
        for user in (self.officer, self.manager, self.researcher, self.internal_user):
            with self.assertRaises(AccessError):
                self.disburse(100, user=user)
        disbursement = self.disburse(100)
        with self.assertRaises(AccessError):
            disbursement.with_user(self.manager).action_confirm()
        # Managers and officers read them; the others do not.
        mine = [("request_id", "=", self.request.id)]
        self.assertEqual(self.Disbursement.with_user(self.manager).search(mine), disbursement)
        self.assertEqual(self.Disbursement.with_user(self.officer).search(mine), disbursement)
        with self.assertRaises(AccessError):
            self.Disbursement.with_user(self.committee_member).search(mine)
        with self.assertRaises(AccessError):
            disbursement.with_user(self.officer).write({"amount": 50})

    def test_finance_reads_only_what_it_pays(self):
        Request = self.env["beneficiary.request"].with_user(self.finance)
        pending = self.create_request()
        self.assertEqual(Request.search([("id", "in", (self.request | pending).ids)]), self.request)
        with self.assertRaises(AccessError):
            pending.with_user(self.finance).read(["name"])
        with self.assertRaises(AccessError):
            self.request.with_user(self.finance).write({"description": "x"})
        self.assertEqual(
            self.request.with_user(self.finance).beneficiary_id.name, self.beneficiary.name
        )

    @warmup
    def test_confirm_query_budget(self):
        disbursement = self.disburse(100)
        self.env.flush_all()
        with self.with_user("br_finance"):
            disbursement = disbursement.with_env(self.env)
            with self.assertQueryCount(br_finance=QUERY_BUDGET_CONFIRM):
                disbursement.action_confirm()
                self.env.flush_all()
        self.assertEqual(disbursement.state, "confirmed")


# Lock, sum of the confirmed payments, request update, creating and posting one
# vendor bill (numbering, lines, analytic, tracking) and the disbursement update.
QUERY_BUDGET_CONFIRM = 75
