import psycopg2

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .beneficiary_workflow_guard_mixin import workflow_transition


class BeneficiaryCompensation(models.Model):
    """Paying an agreed compensation the way approved aid is paid: one vendor bill
    to the beneficiary, created once, by finance."""

    _name = "beneficiary.compensation"
    _inherit = ["beneficiary.compensation", "beneficiary.billing.mixin"]

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
        self.sudo()._create_bills()
        return True

    def _bill_amount(self):
        return self.agreed_amount

    def _bill_label(self):
        return self.env._(
            "Compensation %(compensation)s (complaint %(complaint)s)",
            compensation=self.name,
            complaint=self.complaint_id.name,
        )

    def _bill_posted_values(self, move):
        return {"move_id": move.id, "payment_reference": move.name}

    def _bill_locked_message(self):
        return self.env._(
            "Vendor bill %(bill)s pays compensation %(compensation)s and cannot be reset "
            "or cancelled; refund it with a credit note.",
            bill=self.move_id.name,
            compensation=self.name,
        )

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
