from odoo import api, fields, models
from odoo.exceptions import UserError


class BeneficiaryPaymentAccountMixin(models.AbstractModel):
    """The purchase journal and expense account of a payment to beneficiaries
    (aid disbursements, compensations, program cycles), defaulted from the company."""

    _name = "beneficiary.payment.account.mixin"
    _description = "Accounting of payments to beneficiaries"

    journal_id = fields.Many2one(
        "account.journal",
        compute="_compute_accounting_defaults",
        store=True,
        readonly=False,
        domain="[('type', '=', 'purchase'), ('company_id', '=', company_id)]",
        check_company=True,
    )
    account_id = fields.Many2one(
        "account.account",
        string="Expense Account",
        compute="_compute_accounting_defaults",
        store=True,
        readonly=False,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        check_company=True,
    )

    @api.depends("company_id")
    def _compute_accounting_defaults(self):
        for record in self:
            company = record.company_id or self.env.company
            journal, account = company._beneficiary_payment_defaults()
            record.journal_id = record.journal_id or journal
            record.account_id = record.account_id or account

    def _check_payment_accounts(self):
        for record in self:
            if not record.journal_id or not record.account_id:
                raise UserError(
                    self.env._(
                        "Set the purchase journal and the expense account of %(record)s.",
                        record=record.display_name,
                    )
                )
