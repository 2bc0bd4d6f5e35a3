from odoo import fields, models


class BeneficiaryBranch(models.Model):
    _name = "beneficiary.branch"
    _description = "Association Branch Office"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    city = fields.Char()
    phone = fields.Char()
    manager_id = fields.Many2one("res.users", string="Branch Manager")

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "The branch code must be unique per company.",
        ),
    ]
