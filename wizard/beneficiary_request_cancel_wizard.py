from odoo import fields, models


class BeneficiaryRequestCancelWizard(models.TransientModel):
    _name = "beneficiary.request.cancel.wizard"
    _description = "Cancel a Request"

    request_ids = fields.Many2many("beneficiary.request", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.request_ids.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
