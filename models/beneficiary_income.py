from odoo import api, fields, models
from odoo.exceptions import ValidationError

INCOME_SOURCES = [
    ("salary", "Salary"),
    ("social_security", "Social security"),
    ("citizen_account", "Citizen account"),
    ("pension", "Pension"),
    ("alimony", "Alimony"),
    ("charity", "Other charity"),
    ("trade", "Trade / self-employment"),
    ("other", "Other"),
]


class BeneficiaryIncome(models.Model):
    """One monthly income source of a beneficiary household."""

    _name = "beneficiary.income"
    _description = "Beneficiary Income Source"
    _order = "beneficiary_id, amount desc"

    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="beneficiary_id.company_id", store=True, index=True, precompute=True
    )
    source = fields.Selection(INCOME_SOURCES, required=True)
    currency_id = fields.Many2one(related="beneficiary_id.currency_id")
    amount = fields.Monetary(string="Monthly Amount", required=True)
    note = fields.Char()

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "An income amount cannot be negative."),
    ]

    @api.constrains("amount")
    def _check_amount(self):
        if any(line.amount < 0 for line in self):
            raise ValidationError(self.env._("An income amount cannot be negative."))
