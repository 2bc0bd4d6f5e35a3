from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BeneficiaryComplaintCategory(models.Model):
    _name = "beneficiary.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    sla_days = fields.Integer(
        string="Resolve Within (Working Days)",
        default=10,
        help="Working days from receipt to the resolution of the complaint.",
    )
    committee_id = fields.Many2one(
        "beneficiary.committee",
        string="Follow-up Committee",
        help="The committee that reviews complaints of this category.",
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Handled By",
        domain="[('share', '=', False)]",
        help="Officer who handles new complaints of this category, e.g. IT for "
        "technical-support complaints.",
    )
    is_technical = fields.Boolean(
        string="Technical Support",
        help="Complaints about reaching the association (broken link, unanswered line); "
        "routed to the person who handles them.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        help="Sent to the complainant when the complaint is closed.",
    )
    complaint_ids = fields.One2many("beneficiary.complaint", "category_id")
    open_count = fields.Integer(compute="_compute_overview")
    overdue_count = fields.Integer(compute="_compute_overview")
    escalated_count = fields.Integer(compute="_compute_overview")
    avg_resolution_days = fields.Float(compute="_compute_overview", digits=(16, 1))

    _sql_constraints = [
        ("code_unique", "unique(code)", "The complaint category code must be unique."),
    ]

    @api.constrains("sla_days", "is_technical", "responsible_user_id")
    def _check_settings(self):
        for category in self:
            if category.sla_days < 1:
                raise ValidationError(
                    self.env._("The resolution period must be at least one working day.")
                )
            if category.is_technical and not category.responsible_user_id:
                raise ValidationError(
                    self.env._("A technical-support category needs the person who handles it.")
                )

    def _compute_overview(self):
        Complaint = self.env["beneficiary.complaint"]
        base = [("category_id", "in", self.ids)]
        open_domain = base + [("state", "not in", ("closed",))]
        opened = dict(Complaint._read_group(open_domain, ["category_id"], ["__count"]))
        overdue = dict(
            Complaint._read_group(
                open_domain + [("is_overdue", "=", True)], ["category_id"], ["__count"]
            )
        )
        escalated = dict(
            Complaint._read_group(
                base + [("escalated_date", "!=", False)], ["category_id"], ["__count"]
            )
        )
        resolution = dict(
            Complaint._read_group(
                base + [("resolved_date", "!=", False)],
                ["category_id"],
                ["days_to_resolve:avg"],
            )
        )
        for category in self:
            category.open_count = opened.get(category, 0)
            category.overdue_count = overdue.get(category, 0)
            category.escalated_count = escalated.get(category, 0)
            category.avg_resolution_days = resolution.get(category, 0.0) or 0.0

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_complaint_action"
        )
        action["domain"] = [("category_id", "=", self.id)]
        action["context"] = {"default_category_id": self.id, "search_default_open": 1}
        return action
