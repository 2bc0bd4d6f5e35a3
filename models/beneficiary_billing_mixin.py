from odoo import api, fields, models
from odoo.exceptions import UserError


class BeneficiaryBillingMixin(models.AbstractModel):
    """The one way a payment to a beneficiary (aid disbursement, compensation) is
    paid: a posted vendor bill to the payee, on the payee's bank account, with the
    payment's journal, expense account and analytic distribution; and the one
    guard that keeps such a bill posted while it pays."""

    _name = "beneficiary.billing.mixin"
    _description = "Vendor Bills of Payments to Beneficiaries"
    _inherit = ["beneficiary.payment.account.mixin"]

    move_id = fields.Many2one(
        "account.move", string="Vendor Bill", readonly=True, copy=False, index="btree_not_null"
    )
    partner_bank_id = fields.Many2one(
        related="move_id.partner_bank_id",
        string="Paid Into",
        help="The payee's bank account that the vendor bill is paid into.",
    )

    # ------------------------------------------------------------------ what is paid
    def _bill_amount(self):
        raise NotImplementedError

    def _bill_label(self):
        raise NotImplementedError

    def _bill_reference(self):
        return self.name

    def _bill_date(self):
        return fields.Date.context_today(self)

    def _bill_analytic_distribution(self):
        return False

    def _bill_locked_message(self):
        """Why the bill of this payment may not be reset to draft or cancelled."""
        raise NotImplementedError

    def _bill_locked_domain(self):
        """The payments whose bill may not be reset to draft or cancelled."""
        return []

    def _bill_posted_values(self, move):
        """What the payment records once its bill is posted."""
        return {"move_id": move.id}

    # ------------------------------------------------------------------ billing
    def _bill_values(self):
        self.ensure_one()
        self._check_payment_accounts()
        partner = self.partner_id
        # The account on the payee's file is the one finance pays into.
        bank = self.beneficiary_id.sudo().bank_account_id
        date = self._bill_date()
        return {
            "move_type": "in_invoice",
            "partner_id": partner.id,
            "partner_bank_id": bank.id if bank.partner_id == partner else False,
            "company_id": self.company_id.id,
            "journal_id": self.journal_id.id,
            "invoice_date": date,
            "date": date,
            "ref": self._bill_reference(),
            "invoice_line_ids": [
                fields.Command.create(
                    {
                        "name": self._bill_label(),
                        "account_id": self.account_id.id,
                        "quantity": 1,
                        "price_unit": self._bill_amount(),
                        "tax_ids": [fields.Command.clear()],
                        "analytic_distribution": self._bill_analytic_distribution(),
                    }
                )
            ],
        }

    def _create_bills(self):
        """Create and post one vendor bill per payment, in one batch; return them."""
        moves = self.env["account.move"].create([payment._bill_values() for payment in self])
        moves.action_post()
        for payment, move in zip(self, moves, strict=True):
            payment.write(payment._bill_posted_values(move))
        return moves

    # ------------------------------------------------------------------ guard
    @api.model
    def _check_bills_unlocked(self, moves):
        """Refuse to reset or cancel ``moves`` when one of them pays a beneficiary."""
        for model_name in self.pool[self._name]._inherit_children:
            Payment = self.env[model_name].sudo()
            payment = Payment.search(
                [("move_id", "in", moves.ids), *Payment._bill_locked_domain()], limit=1
            )
            if payment:
                raise UserError(payment._bill_locked_message())
