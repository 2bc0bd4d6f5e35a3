from odoo import fields, models


class BeneficiaryDataCategory(models.Model):
    """A category of personal data the association processes, for the breach
    register and the record of processing activities."""

    _name = "beneficiary.data.category"
    _description = "Category of Personal Data"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    sensitive = fields.Boolean(
        help="Sensitive data under the Personal Data Protection Law (health, credit, "
        "family status…): processed only with explicit consent."
    )
    purpose = fields.Text(translate=True, help="Why the association processes it.")
    recipients = fields.Char(translate=True, help="Who inside or outside receives it.")
    safeguards = fields.Text(translate=True, help="How it is protected.")
    active = fields.Boolean(default=True)
