from odoo import fields, models


class BeneficiaryCompensationNegotiation(models.Model):
    """One exchange of the negotiation with the beneficiary."""

    _name = "beneficiary.compensation.negotiation"
    _description = "Compensation Negotiation"
    _order = "date, id"

    compensation_id = fields.Many2one(
        "beneficiary.compensation", required=True, ondelete="cascade", index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    currency_id = fields.Many2one(related="compensation_id.currency_id")
    offered_amount = fields.Monetary()
    summary = fields.Text(required=True)
