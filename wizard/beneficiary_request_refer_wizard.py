from odoo import fields, models


class BeneficiaryRequestReferWizard(models.TransientModel):
    """Refer a request to a social researcher or domain officer, optionally
    planning the field visit at the same time."""

    _name = "beneficiary.request.refer.wizard"
    _description = "Refer a Request for Study"

    request_id = fields.Many2one("beneficiary.request", required=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users", string="Refer To", required=True, domain="[('share', '=', False)]"
    )
    note = fields.Text(string="What to Study")
    plan_visit = fields.Boolean(string="Plan a Field Visit")
    visit_date = fields.Date(default=fields.Date.context_today)

    def action_confirm(self):
        self.ensure_one()
        self.request_id.action_refer(self.user_id, self.note)
        if self.plan_visit and self.request_id.beneficiary_id:
            self.env["beneficiary.visit"].create(
                {
                    "visit_type": "field_visit",
                    "request_id": self.request_id.id,
                    "visitor_id": self.user_id.id,
                    "planned_date": self.visit_date,
                    "company_id": self.request_id.company_id.id,
                }
            )
        return {"type": "ir.actions.act_window_close"}
