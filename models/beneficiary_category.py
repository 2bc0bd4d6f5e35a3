from odoo import api, fields, models


class BeneficiaryCategory(models.Model):
    """A group the association serves: widows, divorcees, suspended wives…"""

    _name = "beneficiary.category"
    _description = "Beneficiary Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Html(translate=True, help="Eligibility criteria shown to staff.")
    officer_ids = fields.One2many(
        "beneficiary.category.officer", "category_id", string="Contact Officers"
    )
    beneficiary_count = fields.Integer(compute="_compute_beneficiary_count")

    _sql_constraints = [
        ("code_unique", "unique(code)", "The category code must be unique."),
    ]

    def _compute_beneficiary_count(self):
        counts = dict(
            self.env["beneficiary.beneficiary"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.beneficiary_count = counts.get(category, 0)

    @api.model
    def _officer_for(self, category, domain, company=None):
        """The contact officer of a category for a domain, falling back to 'general'."""
        company = company or self.env.company
        lines = category.officer_ids.filtered(
            lambda line: line.company_id == company and line.domain in (domain, "general")
        )
        exact = lines.filtered(lambda line: line.domain == domain)
        return (exact or lines)[:1].user_id

    def action_view_beneficiaries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_beneficiary_action"
        )
        action["domain"] = [("category_id", "=", self.id)]
        action["context"] = {"default_category_id": self.id}
        return action
