from odoo import api, fields, models

RELATIONS = [
    ("spouse", "Spouse"),
    ("son", "Son"),
    ("daughter", "Daughter"),
    ("father", "Father"),
    ("mother", "Mother"),
    ("brother", "Brother"),
    ("sister", "Sister"),
    ("grandchild", "Grandchild"),
    ("other", "Other"),
]

SCHOOLING = [
    ("none", "Not in school"),
    ("kindergarten", "Kindergarten"),
    ("primary", "Primary"),
    ("intermediate", "Intermediate"),
    ("secondary", "Secondary"),
    ("university", "University"),
    ("graduated", "Graduated"),
]


class BeneficiaryMember(models.Model):
    """A family member or dependent registered on a beneficiary file."""

    _name = "beneficiary.member"
    _description = "Beneficiary Family Member"
    _inherit = ["beneficiary.national.id.mixin", "beneficiary.person.mixin"]
    _order = "beneficiary_id, birth_date, id"

    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="beneficiary_id.company_id", store=True, index=True, precompute=True
    )
    name = fields.Char(required=True)
    relation = fields.Selection(RELATIONS, required=True)
    gender = fields.Selection([("female", "Female"), ("male", "Male")])
    schooling = fields.Selection(SCHOOLING, default="none")
    is_student = fields.Boolean(compute="_compute_is_student", store=True, precompute=True)
    has_disability = fields.Boolean(string="Disability")
    has_chronic_disease = fields.Boolean(string="Chronic Disease")
    is_dependent = fields.Boolean(string="Dependent", default=True)
    notes = fields.Text()

    _sql_constraints = [
        (
            "national_id_company_unique",
            "unique(national_id, company_id)",
            "This national ID / iqama number is already registered as a family member "
            "in this company.",
        ),
    ]

    @api.depends("schooling")
    def _compute_is_student(self):
        for member in self:
            member.is_student = member.schooling not in (False, "none", "graduated")

    @api.model
    def _national_id_company_from_vals(self, vals):
        beneficiary = self.env["beneficiary.beneficiary"].browse(vals.get("beneficiary_id"))
        return beneficiary.company_id.id or self.env.company.id

    def _national_id_owner_readable(self):
        return super()._national_id_owner_readable() and self.beneficiary_id.has_access("read")

    def _national_id_owner_label(self):
        self.ensure_one()
        return self.env._(
            "%(member)s, family member on file %(file)s",
            member=self.name,
            file=self.beneficiary_id.display_name,
        )
