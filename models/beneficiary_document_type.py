from odoo import fields, models


class BeneficiaryDocumentType(models.Model):
    _name = "beneficiary.document.type"
    _description = "Beneficiary Document Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    has_expiry = fields.Boolean(
        string="Expires",
        default=True,
        help="Documents of this type carry an expiry date and must be valid when submitted.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The document type code must be unique."),
    ]
