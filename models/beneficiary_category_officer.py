from odoo import fields, models

OFFICER_DOMAINS = [
    ("general", "General"),
    ("social", "Social"),
    ("educational", "Educational"),
    ("financial", "Financial"),
    ("health", "Health"),
    ("housing", "Housing"),
    ("employment", "Employment"),
]


class BeneficiaryCategoryOfficer(models.Model):
    """The contact officer (ضابط الاتصال) of a category for one domain of work."""

    _name = "beneficiary.category.officer"
    _description = "Category Contact Officer"
    _order = "category_id, domain"

    category_id = fields.Many2one(
        "beneficiary.category", required=True, ondelete="cascade", index=True
    )
    domain = fields.Selection(OFFICER_DOMAINS, required=True, default="general")
    user_id = fields.Many2one(
        "res.users",
        string="Contact Officer",
        required=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    _sql_constraints = [
        (
            "category_domain_company_unique",
            "unique(category_id, domain, company_id)",
            "A category has one contact officer per domain and company.",
        ),
    ]
