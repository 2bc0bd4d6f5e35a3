from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    beneficiary_calendar_id = fields.Many2one(
        related="company_id.beneficiary_calendar_id", readonly=False
    )
    beneficiary_escalation_user_id = fields.Many2one(
        related="company_id.beneficiary_escalation_user_id", readonly=False
    )
    beneficiary_policy_distributor = fields.Selection(
        related="company_id.beneficiary_policy_distributor", readonly=False
    )
    beneficiary_policy_reminder_days = fields.Integer(
        related="company_id.beneficiary_policy_reminder_days", readonly=False
    )
