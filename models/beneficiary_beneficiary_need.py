from odoo import api, fields, models

from .beneficiary_need_criterion import NEED_PRIORITIES

# Fields of the file that eligibility rules or the needs assessment read.
EVALUATED_FIELDS = frozenset(
    {
        "category_id",
        "national_id",
        "birth_date",
        "marital_status",
        "housing_type",
        "monthly_rent",
        "has_disability",
        "has_chronic_disease",
        "debt_amount",
        "state",
    }
)


class BeneficiaryBeneficiary(models.Model):
    """The file's needs assessment, and its open requests evaluated again on change."""

    _inherit = "beneficiary.beneficiary"  # pylint: disable=consider-merging-classes-inherited

    debt_amount = fields.Monetary(
        string="Outstanding Debts", help="Total debts of the household still to be paid."
    )
    need_score = fields.Float(compute="_compute_need", digits=(5, 1), help="Out of 100.")
    need_priority = fields.Selection(NEED_PRIORITIES, string="Priority", compute="_compute_need")
    need_details = fields.Text(string="Needs Assessment", compute="_compute_need")

    _sql_constraints = [
        ("debt_amount_positive", "CHECK(debt_amount >= 0)", "Debts cannot be negative."),
    ]

    @api.depends(
        "income_per_member",
        "member_ids.is_dependent",
        "member_ids.has_disability",
        "member_ids.has_chronic_disease",
        "housing_type",
        "monthly_rent",
        "monthly_income",
        "has_disability",
        "has_chronic_disease",
        "debt_amount",
    )
    @api.depends_context("lang")
    def _compute_need(self):
        Criterion = self.env["beneficiary.need.criterion"].sudo()
        by_company = {}
        for beneficiary in self:
            company = beneficiary.company_id or self.env.company
            if company not in by_company:
                by_company[company] = Criterion._for_company(company)
            score, priority, details = by_company[company]._assess(beneficiary)
            beneficiary.need_score = score
            beneficiary.need_priority = priority
            beneficiary.need_details = "\n".join(details)

    def write(self, vals):
        result = super().write(vals)
        if EVALUATED_FIELDS & set(vals):
            self.env["beneficiary.request"]._refresh_eligibility_of_files(self)
        return result
