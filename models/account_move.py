from odoo import SUPERUSER_ID, models
from odoo.exceptions import UserError

from .beneficiary_workflow_guard_mixin import _IN_TRANSITION


class AccountMove(models.Model):
    _inherit = "account.move"

    def write(self, vals):
        # The bill of a confirmed aid disbursement or of a compensation is reset or
        # cancelled only by cancelling the disbursement: otherwise it could be edited
        # and posted again, or paid a second time, past the approved amount.
        if (
            vals.get("state") in ("draft", "cancel")
            and self
            and not _IN_TRANSITION.get()
            and self.env.uid != SUPERUSER_ID
        ):
            self._check_beneficiary_bills()
        return super().write(vals)

    def _check_beneficiary_bills(self):
        disbursements = (
            self.env["beneficiary.disbursement"]
            .sudo()
            .search([("move_id", "in", self.ids), ("state", "=", "confirmed")], limit=1)
        )
        if disbursements:
            raise UserError(
                self.env._(
                    "Vendor bill %(bill)s pays aid disbursement %(disbursement)s: cancel the "
                    "disbursement instead, which cancels its bill.",
                    bill=disbursements.move_id.name,
                    disbursement=disbursements.name,
                )
            )
        compensation = (
            self.env["beneficiary.compensation"]
            .sudo()
            .search([("move_id", "in", self.ids)], limit=1)
        )
        if compensation:
            raise UserError(
                self.env._(
                    "Vendor bill %(bill)s pays compensation %(compensation)s and cannot be reset "
                    "or cancelled; refund it with a credit note.",
                    bill=compensation.move_id.name,
                    compensation=compensation.name,
                )
            )
