from odoo import api, fields, models
from odoo.exceptions import UserError

# The steps that need a reason, as (model, method): the wizard calls nothing else.
# Each model's ``action_<step>`` opens the wizard; the method does the step.
REASONED_STEPS = {
    ("beneficiary.beneficiary", "_do_suspend"),
    ("beneficiary.beneficiary", "_do_close"),
    ("beneficiary.request", "_do_cancel"),
    ("beneficiary.complaint", "_do_escalate"),
    ("beneficiary.compensation", "_do_refuse"),
    ("beneficiary.data.request", "_do_refuse"),
}


class BeneficiaryReasonWizard(models.TransientModel):
    """Asks for the reason of a step before taking it (suspending or closing a file,
    cancelling a request, escalating a complaint, refusing a compensation or a data
    request)."""

    _name = "beneficiary.reason.wizard"
    _description = "Give the Reason"

    res_model = fields.Char(required=True)
    res_ids = fields.Json(required=True)
    method = fields.Char(required=True)
    reason = fields.Text(required=True)

    @api.model
    def action_open(self, records, method, title):
        if (records._name, method) not in REASONED_STEPS:
            raise UserError(self.env._("This step cannot be taken from here."))
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": records._name,
                "default_res_ids": records.ids,
                "default_method": method,
            },
        }

    def action_confirm(self):
        self.ensure_one()
        if (self.res_model, self.method) not in REASONED_STEPS:
            raise UserError(self.env._("This step cannot be taken from here."))
        records = self.env[self.res_model].browse(self.res_ids).exists()
        getattr(records, self.method)(self.reason)
        return {"type": "ir.actions.act_window_close"}
