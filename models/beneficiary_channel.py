from odoo import fields, models


class BeneficiaryChannel(models.Model):
    """A way people reach the association, and may be answered through."""

    _name = "beneficiary.channel"
    _description = "Communication Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [
            ("in_person", "In person"),
            ("web", "Website"),
            ("phone", "Phone call"),
            ("sms", "SMS"),
            ("whatsapp", "WhatsApp"),
            ("social", "Social media"),
            ("letter", "Letter"),
            ("fax", "Fax"),
            ("email", "E-mail"),
            ("visit", "Field visit"),
            ("delegate", "Branch-office delegate"),
        ],
        required=True,
    )
    can_reply = fields.Boolean(
        string="Usable for Answers",
        default=True,
        help="Beneficiaries may choose this channel as the one they are answered through.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The channel code must be unique."),
    ]
