from odoo import fields, models


class BeneficiaryFileStatusWizard(models.TransientModel):
    """Asks for the reason when a file is suspended or closed."""

    _name = "beneficiary.file.status.wizard"
    _description = "Suspend or Close a Beneficiary File"

    beneficiary_ids = fields.Many2many("beneficiary.beneficiary", required=True)
    target_state = fields.Selection(
        [("suspended", "Suspend"), ("closed", "Close")], required=True, default="suspended"
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.target_state == "suspended":
            self.beneficiary_ids.action_suspend(self.reason)
        else:
            self.beneficiary_ids.action_close(self.reason)
        return {"type": "ir.actions.act_window_close"}
