from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, format_amount

NEED_FACTORS = [
    ("income_per_member", "Income per household member"),
    ("dependants", "Dependants"),
    ("housing", "Rent burden (share of income)"),
    ("health", "Disability or chronic illness"),
    ("debts", "Debts"),
]

NEED_PRIORITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("urgent", "Urgent"),
]

# Lower bounds of each priority on the 0–100 score.
PRIORITY_BOUNDS = (("urgent", 75.0), ("high", 50.0), ("medium", 25.0))


def priority_of(score):
    """The priority of a need score out of 100."""
    for priority, bound in PRIORITY_BOUNDS:
        if float_compare(score, bound, precision_digits=2) >= 0:
            return priority
    return "low"


class BeneficiaryNeedCriterion(models.Model):
    """A weighted criterion of the needs assessment (تقييم الاحتياج).

    Each criterion reads one figure of the file and gives between 0 and its
    weight in points: none at "no need at" and all of them at "full need at",
    in a straight line between (for income, "full need at" is the lower figure).
    The score is the points earned out of 100.
    """

    _name = "beneficiary.need.criterion"
    _description = "Needs Assessment Criterion"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the criterion with every company.",
    )
    factor = fields.Selection(NEED_FACTORS, required=True, tracking=True)
    weight = fields.Float(required=True, default=10.0, tracking=True, help="Points at full need.")
    zero_at = fields.Float(
        string="No Need At",
        tracking=True,
        help="The figure that earns no points (an amount, a count or a percentage of income).",
    )
    full_at = fields.Float(
        string="Full Need At", tracking=True, help="The figure that earns every point."
    )

    @api.constrains("weight", "zero_at", "full_at")
    def _check_settings(self):
        for criterion in self:
            if criterion.weight <= 0:
                raise ValidationError(
                    self.env._(
                        "Criterion %(criterion)s: the weight must be more than zero.",
                        criterion=criterion.name,
                    )
                )
            if float_compare(criterion.zero_at, criterion.full_at, precision_digits=2) == 0:
                raise ValidationError(
                    self.env._(
                        "Criterion %(criterion)s: the figures for no need and for full need "
                        "must differ.",
                        criterion=criterion.name,
                    )
                )

    # ------------------------------------------------------------------ scoring
    @api.model
    def _for_company(self, company):
        return self.search([("company_id", "in", (False, company.id))], order="sequence, id")

    def _figure(self, beneficiary):
        """The figure of the file this criterion reads."""
        self.ensure_one()
        factor = self.factor
        if factor == "income_per_member":
            return beneficiary.income_per_member
        if factor == "dependants":
            return len(beneficiary.member_ids.filtered("is_dependent"))
        if factor == "housing":
            if beneficiary.housing_type != "rented" or not beneficiary.monthly_rent:
                return 0.0
            if not beneficiary.monthly_income:
                return 100.0
            return min(100.0, 100.0 * beneficiary.monthly_rent / beneficiary.monthly_income)
        if factor == "health":
            people = [beneficiary, *beneficiary.member_ids]
            return sum(
                1 for person in people if person.has_disability or person.has_chronic_disease
            )
        return beneficiary.debt_amount

    def _points(self, figure):
        self.ensure_one()
        share = (figure - self.zero_at) / (self.full_at - self.zero_at)
        return self.weight * min(1.0, max(0.0, share))

    def _explain(self, beneficiary, figure, points):
        self.ensure_one()
        values = {"points": round(points, 1), "weight": round(self.weight, 1)}
        currency = beneficiary.currency_id
        if self.factor == "income_per_member":
            return self.env._(
                "Income per member %(income)s: %(points)s of %(weight)s points.",
                income=format_amount(self.env, figure, currency),
                **values,
            )
        if self.factor == "dependants":
            return self.env._(
                "%(count)s dependants: %(points)s of %(weight)s points.", count=figure, **values
            )
        if self.factor == "housing":
            return self.env._(
                "Rent takes %(share)s%% of the income: %(points)s of %(weight)s points.",
                share=round(figure),
                **values,
            )
        if self.factor == "health":
            return self.env._(
                "%(count)s person(s) with a disability or chronic illness: %(points)s of "
                "%(weight)s points.",
                count=figure,
                **values,
            )
        return self.env._(
            "Debts of %(debts)s: %(points)s of %(weight)s points.",
            debts=format_amount(self.env, figure, currency),
            **values,
        )

    def _assess(self, beneficiary):
        """Score out of 100, priority and one sentence per criterion for ``beneficiary``."""
        beneficiary = beneficiary.sudo()
        total_weight = sum(self.mapped("weight"))
        if not total_weight:
            return 0.0, "low", []
        earned, lines = 0.0, []
        for criterion in self:
            figure = criterion._figure(beneficiary)
            points = criterion._points(figure)
            earned += points
            lines.append(criterion._explain(beneficiary, figure, points))
        score = round(100.0 * earned / total_weight, 2)
        return score, priority_of(score), lines
