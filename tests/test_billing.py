from unittest.mock import patch

import psycopg2

from odoo import Command
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

    def test_program_payments_are_financial_records_of_the_file(self):
        self.paid_cycle()
        files = self.first | self.second
        self.assertEqual(
            {key: str(day) for key, day in files._last_payment_dates().items()},
            {self.first.id: "2026-03-01", self.second.id: "2026-03-01"},
        )
        copy = self.first._personal_data_export()["disbursements"]
        self.assertEqual(len(copy), 1)
        self.assertEqual(copy[0]["program_id"], "الإعانة الشهرية للأرامل")
        self.assertEqual(copy[0]["amount"], "500.0")

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
class TestUpgradeToBankAccountsAndDisbursements(ProgramCase):
    """Data from before 18.0.1.1.0: the file kept its IBAN in a column of its own, and a
    paid program entitlement kept its vendor bill on itself."""

    def column_exists(self, table, column):
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = %s",
                table,
                column,
            )
        )
        return bool(self.env.cr.fetchone())

    def test_bills_kept_on_paid_entitlements_become_disbursements(self):
        beneficiary = self.registered(income=300)
        self.env["beneficiary.program.enrolment"]._evaluate_for(self.program, beneficiary)
        cycle = self.cycle()
        cycle.action_generate()
        cycle.with_user(self.manager).action_approve()
        entitlement = cycle.entitlement_ids
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": beneficiary.partner_id.id,
                "invoice_date": "2026-03-01",
                "journal_id": self.program.journal_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "الإعانة الشهرية",
                            "quantity": 1,
                            "price_unit": 500,
                            "account_id": self.program.account_id.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        bill.action_post()
        self.env.flush_all()
        cr = self.env.cr
        # (A database upgraded during development may still have the column.)
        cr.execute(
            SQL(
                "ALTER TABLE beneficiary_program_entitlement ADD COLUMN IF NOT EXISTS move_id "
                "integer; UPDATE beneficiary_program_entitlement SET move_id = NULL"
            )
        )
        cr.execute(
            SQL(
                "UPDATE beneficiary_program_entitlement SET move_id = %s, state = 'paid' "
                "WHERE id = %s",
                bill.id,
                entitlement.id,
            )
        )
        entitlement.invalidate_recordset(["state"])
        Entitlement = self.env["beneficiary.program.entitlement"]
        disbursement = Entitlement._migrate_bills_to_disbursements()
        self.assertEqual(disbursement.entitlement_id, entitlement)
        self.assertEqual(disbursement.state, "confirmed")
        self.assertEqual(disbursement.move_id, bill)
        self.assertEqual(disbursement.program_id, self.program)
        self.assertEqual(disbursement.beneficiary_id, beneficiary)
        self.assertEqual(disbursement.amount, 500)
        self.assertEqual(str(disbursement.date), "2026-03-01")
        self.assertTrue(disbursement.name.startswith("DSB/"))
        self.assertEqual(entitlement.move_id, bill)
        self.assertEqual(entitlement.state, "paid")
        self.assertFalse(self.column_exists("beneficiary_program_entitlement", "move_id"))
        with self.assertRaisesRegex(UserError, "cancel the disbursement instead"):
            bill.with_user(self.finance).button_draft()
        self.assertFalse(Entitlement._migrate_bills_to_disbursements())

    def test_the_former_column_becomes_bank_accounts(self):
        with_iban = self.registered(income=300)
        without = self.registered(income=300)
        cr = self.env.cr
        cr.execute(
            SQL(
                "ALTER TABLE beneficiary_beneficiary ADD COLUMN IF NOT EXISTS bank_iban varchar; "
                "UPDATE beneficiary_beneficiary SET bank_iban = NULL"
            )
        )
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
        self.assertFalse(self.column_exists("beneficiary_beneficiary", "bank_iban"))
        # Run again (an interrupted upgrade): nothing to do.
        self.assertFalse(self.env["beneficiary.beneficiary"]._migrate_bank_iban_column())
