from unittest.mock import patch

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..models.beneficiary_billing_mixin import BeneficiaryBillingMixin
from .test_disbursement import DisbursementCase
from .test_program import ProgramCase

# Valid Saudi IBANs (ISO 13616 check digits), written out.
IBAN_FIRST = "SA0380000000608010167519"
IBAN_SECOND = "SA4420000001234567891234"


@tagged("post_install", "-at_install")
class TestAidBills(ProgramCase):
    """Every payment of aid goes the same way: an aid disbursement, then its posted
    vendor bill to the beneficiary, on the beneficiary's bank account."""

    approved_request = classmethod(DisbursementCase.approved_request.__func__)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls.registered(income=300)
        cls.first.with_user(cls.officer).bank_iban = IBAN_FIRST
        cls.second = cls.registered(income=700)
        cls.env["beneficiary.program.enrolment"]._evaluate_for(cls.program, cls.first | cls.second)
        cls.Disbursement = cls.env["beneficiary.disbursement"]

    def spy_on_billing(self):
        """Count the calls of the one method that creates the bills."""
        return patch.object(
            BeneficiaryBillingMixin,
            "_create_bills",
            autospec=True,
            side_effect=BeneficiaryBillingMixin._create_bills,
        )

    def paid_cycle(self):
        cycle = self.cycle()
        cycle.action_generate()
        cycle.with_user(self.manager).action_approve()
        cycle.with_user(self.finance).action_pay()
        return cycle

    def test_a_cycle_is_paid_by_disbursements_and_their_bills(self):
        with self.spy_on_billing() as create_bills:
            cycle = self.paid_cycle()
        self.assertEqual(create_bills.call_count, 1)
        self.assertEqual(create_bills.call_args.args[0]._name, "beneficiary.disbursement")
        self.assertEqual(cycle.state, "paid")
        self.assertEqual(cycle.paid_count, 2)
        payments = self.Disbursement.with_user(self.finance).search(
            [("program_id", "=", self.program.id)]
        )
        action = cycle.with_user(self.finance).action_view_disbursements()
        self.assertEqual(
            self.Disbursement.with_user(self.finance).search(action["domain"]), payments
        )
        self.assertEqual(len(payments), 2)
        self.assertEqual(payments.entitlement_id, cycle.entitlement_ids)
        self.assertFalse(payments.request_id)
        self.assertEqual(payments.mapped("state"), ["confirmed"] * 2)
        self.assertEqual(payments.mapped("instalment"), [1, 1])
        self.assertEqual(payments.mapped("amount"), [500.0, 500.0])
        self.assertEqual(payments.confirmed_by_id, self.finance)
        self.assertEqual(cycle.entitlement_ids.mapped("state"), ["paid"] * 2)
        self.assertEqual(cycle.entitlement_ids.move_id, payments.move_id)
        self.assertEqual(self.program.paid_amount, 1000)
        by_file = {payment.beneficiary_id: payment for payment in payments}
        bill = by_file[self.first].move_id
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, self.first.partner_id)
        self.assertEqual(bill.partner_bank_id, self.first.bank_account_id)
        self.assertEqual(bill.partner_bank_id.acc_number, "SA03 8000 0000 6080 1016 7519")
        self.assertEqual(by_file[self.first].partner_bank_id, bill.partner_bank_id)
        self.assertEqual(bill.journal_id, self.program.journal_id)
        self.assertEqual(bill.ref, cycle.name)
        self.assertEqual(str(bill.invoice_date), "2026-03-01")
        line = bill.invoice_line_ids
        self.assertEqual(line.account_id, self.program.account_id)
        self.assertEqual(line.analytic_distribution, {str(self.analytic.id): 100})
        self.assertEqual(line.name, f"الإعانة الشهرية للأرامل: cycle {cycle.name}")
        self.assertFalse(line.tax_ids)
        self.assertEqual(bill.amount_total, 500)
        # No bank account on the second file: the bill names none.
        self.assertFalse(by_file[self.second].move_id.partner_bank_id)

    def test_request_payments_take_the_same_path(self):
        self.first.with_user(self.officer).bank_iban = IBAN_SECOND
        self.add_file_documents(self.first)
        request = self.approved_request(1200, beneficiary=self.first)
        disbursement = self.Disbursement.with_user(self.finance).create(
            {
                "request_id": request.id,
                "amount": 1200,
                "analytic_distribution": {str(self.analytic.id): 100},
            }
        )
        with self.spy_on_billing() as create_bills:
            disbursement.action_confirm()
        create_bills.assert_called_once()
        bill = disbursement.move_id
        self.assertEqual(bill.partner_bank_id.acc_number, "SA44 2000 0001 2345 6789 1234")
        self.assertEqual(bill.partner_bank_id.partner_id, self.first.partner_id)
        self.assertEqual(bill.invoice_line_ids.analytic_distribution, {str(self.analytic.id): 100})
        self.assertEqual(bill.invoice_line_ids.account_id, disbursement.account_id)
        self.assertEqual(bill.ref, f"{request.name} - instalment 1")

    def test_never_paid_twice_in_a_cycle(self):
        cycle = self.paid_cycle()
        entitlement = cycle.entitlement_ids.filtered(lambda e: e.beneficiary_id == self.first)
        with self.assertRaisesRegex(UserError, "Only approved entitlements"):
            entitlement.with_user(self.finance)._pay()
        self.assertEqual(cycle.with_user(self.finance)._pay_batch(), (0, 0))
        with self.assertRaisesRegex(ValidationError, "approved entitlement"):
            self.Disbursement.with_user(self.finance).create(
                {"entitlement_id": entitlement.id, "amount": 500}
            )
        # Even past the checks, the database refuses a second payment of an entitlement.
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            self.env.cr.execute(
                SQL(
                    "INSERT INTO beneficiary_disbursement (name, entitlement_id, amount, state, "
                    "date, company_id) SELECT name || '-2', entitlement_id, amount, 'draft', "
                    "date, company_id FROM beneficiary_disbursement WHERE entitlement_id = %s",
                    entitlement.id,
                )
            )

    def test_program_payments_need_an_approved_entitlement_of_its_amount(self):
        cycle = self.cycle()
        cycle.action_generate()
        entitlement = cycle.entitlement_ids[:1]
        Disbursement = self.Disbursement.with_user(self.finance)
        with self.assertRaisesRegex(ValidationError, "approved entitlement"):
            Disbursement.create({"entitlement_id": entitlement.id, "amount": 500})
        cycle.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(ValidationError, "once and by its own amount"):
            Disbursement.create({"entitlement_id": entitlement.id, "amount": 900})
        with self.assertRaisesRegex(ValidationError, "Choose the approved request"):
            Disbursement.create({"amount": 500})
        self.add_file_documents(self.first)
        request = self.approved_request(500, beneficiary=self.first)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation):
            self.Disbursement.sudo().create(
                {"request_id": request.id, "entitlement_id": entitlement.id, "amount": 500}
            )
            self.env.flush_all()
        self.assertFalse(Disbursement.search([("entitlement_id", "=", entitlement.id)]))

    def test_cancelling_a_program_payment_gives_its_amount_back(self):
        cycle = self.paid_cycle()
        self.assertEqual(self.program.committed_amount, 1000)
        payments = self.Disbursement.search([("program_id", "=", self.program.id)])
        first = payments.filtered(lambda p: p.beneficiary_id == self.first)
        other = payments - first
        first.with_user(self.finance).action_cancel()
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(first.move_id.state, "cancel")
        self.assertEqual(first.entitlement_id.state, "cancelled")
        self.assertEqual(self.program.committed_amount, 500)
        self.assertEqual(self.program.paid_amount, 500)
        self.assertEqual(cycle.paid_count, 1)
        # The bill of a confirmed payment is reset or cancelled only through it.
        with self.assertRaisesRegex(UserError, "cancel the disbursement instead"):
            other.move_id.with_user(self.finance).button_draft()
        with self.assertRaisesRegex(UserError, "cancel the disbursement instead"):
            other.move_id.with_user(self.finance).button_cancel()
        self.assertEqual(other.move_id.state, "posted")

    def test_finance_reads_the_payee_bank_not_the_file(self):
        bill = self.paid_cycle().entitlement_ids.move_id.filtered("partner_bank_id")
        as_finance = bill.with_user(self.finance)
        self.assertEqual(as_finance.partner_bank_id.acc_number, "SA03 8000 0000 6080 1016 7519")
        file_as_finance = self.first.with_user(self.finance)
        self.assertEqual(file_as_finance.bank_iban, IBAN_FIRST)
        for field in ("marital_status", "monthly_income", "health_notes", "notes"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                file_as_finance.read([field])

    def test_other_employees_do_not_see_beneficiaries_bank_accounts(self):
        bank = self.first.bank_account_id
        vendor = self.env["res.partner"].create({"name": "مؤسسة التوريد"})
        vendor_bank = self.env["res.partner.bank"].create(
            {"partner_id": vendor.id, "acc_number": IBAN_SECOND}
        )
        Bank = self.env["res.partner.bank"].with_user(self.internal_user)
        self.assertEqual(Bank.search([("id", "in", (bank | vendor_bank).ids)]), vendor_bank)
        with self.assertRaises(AccessError):
            bank.with_user(self.internal_user).read(["acc_number"])
        for user in (self.officer, self.researcher, self.finance):
            with self.subTest(user=user.login):
                self.assertEqual(bank.with_user(user).acc_number, "SA03 8000 0000 6080 1016 7519")


@tagged("post_install", "-at_install")
class TestBankAccountMigration(ProgramCase):
    """Files from before the bank accounts kept their IBAN in a column of their own."""

    def test_the_former_column_becomes_bank_accounts(self):
        with_iban = self.registered(income=300)
        without = self.registered(income=300)
        cr = self.env.cr
        cr.execute(SQL("ALTER TABLE beneficiary_beneficiary ADD COLUMN bank_iban varchar"))
        cr.execute(
            SQL(
                "UPDATE beneficiary_beneficiary SET bank_iban = %s WHERE id = %s",
                IBAN_FIRST,
                with_iban.id,
            )
        )
        migrated = self.env["beneficiary.beneficiary"]._migrate_bank_iban_column()
        self.assertEqual(migrated, with_iban)
        self.assertEqual(with_iban.bank_iban, IBAN_FIRST)
        self.assertEqual(with_iban.bank_account_id.partner_id, with_iban.partner_id)
        self.assertEqual(with_iban.bank_account_id.acc_type, "iban")
        self.assertFalse(without.bank_account_id)
        cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = 'beneficiary_beneficiary' AND column_name = 'bank_iban'"
            )
        )
        self.assertFalse(cr.fetchone())
        # Run again (an interrupted upgrade): nothing to do.
        self.assertFalse(self.env["beneficiary.beneficiary"]._migrate_bank_iban_column())
