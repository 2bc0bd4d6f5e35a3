from odoo import SUPERUSER_ID, models

from .beneficiary_workflow_guard_mixin import _IN_TRANSITION


class AccountMove(models.Model):
    _inherit = "account.move"

    def write(self, vals):
        # A bill that pays a beneficiary is reset or cancelled only through its
        # payment: otherwise it could be edited and posted again, or paid a second
        # time, past the approved amount.
        if (
            vals.get("state") in ("draft", "cancel")
            and self
            and not _IN_TRANSITION.get()
            and self.env.uid != SUPERUSER_ID
        ):
            self.env["beneficiary.billing.mixin"]._check_bills_unlocked(self)
        return super().write(vals)
