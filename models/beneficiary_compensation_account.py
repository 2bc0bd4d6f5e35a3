import psycopg2

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .beneficiary_workflow_guard_mixin import workflow_transition


class BeneficiaryCompensation(models.Model):
    """Paying an agreed compensation the way approved aid is paid: one vendor bill
    to the beneficiary, created once, by finance."""

    _name = "beneficiary.compensation"
    _inherit = ["beneficiary.compensation", "beneficiary.payment.account.mixin"]

    move_id = fields.Many2one("account.move", string="Vendor Bill", readonly=True, copy=False)
    bill_payment_state = fields.Selection(related="move_id.payment_state", string="Payment")

    def _lock_for_billing(self):
        """Lock the rows so that two finance users cannot bill the same case at once."""
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM beneficiary_compensation "
                    "WHERE id IN %s AND move_id IS NULL FOR NO KEY UPDATE NOWAIT",
                    tuple(self.ids),
                ),
                log_exceptions=False,
            )
        except psycopg2.errors.LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Another payment of this compensation is being made right now; try again "
                    "in a moment."
                )
            ) from error
        return {row[0] for row in self.env.cr.fetchall()}

    @workflow_transition
    def action_create_bill(self):
        """Create and post the vendor bill of the agreed amount, once."""
        if not (
            self.env.user.has_group("beneficiary_relations.group_beneficiary_finance")
            or self.env.user.has_group("beneficiary_relations.group_beneficiary_manager")
        ):
            raise UserError(self.env._("Only finance pays compensation."))
        self._check_state(("agreed",))
        self.flush_model()
        unbilled = self._lock_for_billing()
        for compensation in self:
            if compensation.id not in unbilled:
                raise UserError(
                    self.env._(
                        "Compensation %(compensation)s already has its vendor bill.",
                        compensation=compensation.name,
                    )
                )
            if not compensation.journal_id or not compensation.account_id:
                raise UserError(
                    self.env._(
                        "Set the purchase journal and the expense account of %(compensation)s.",
                        compensation=compensation.name,
                    )
                )
        for compensation in self.sudo():
            move = self.env["account.move"].sudo().create(compensation._bill_values())
            move.action_post()
            compensation.write({"move_id": move.id, "payment_reference": move.name})
        return True

    def _bill_values(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        return {
            "move_type": "in_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": self.journal_id.id,
            "invoice_date": today,
            "date": today,
            "ref": self.name,
            "invoice_line_ids": [
                fields.Command.create(
                    {
                        "name": self.env._(
                            "Compensation %(compensation)s (complaint %(complaint)s)",
                            compensation=self.name,
                            complaint=self.complaint_id.name,
                        ),
                        "account_id": self.account_id.id,
                        "quantity": 1,
                        "price_unit": self.agreed_amount,
                        "tax_ids": [fields.Command.clear()],
                    }
                )
            ],
        }

    def action_mark_paid(self):
        for compensation in self.filtered("move_id"):
            if compensation.bill_payment_state not in ("paid", "in_payment"):
                raise UserError(
                    self.env._(
                        "The vendor bill of %(compensation)s is not paid yet.",
                        compensation=compensation.name,
                    )
                )
        return super().action_mark_paid()
