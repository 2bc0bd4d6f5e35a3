from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, format_date
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

CRITERIA = [
    ("category", "Beneficiary category"),
    ("residency", "Residency"),
    ("income_per_member", "Income per household member"),
    ("household_size", "Household size"),
    ("dependent_children", "Dependent children"),
    ("beneficiary_age", "Age of the beneficiary"),
    ("member_age", "Age of a family member"),
    ("documents", "Required documents valid"),
    ("recent_aid", "No recent aid of the same type"),
    ("domain", "Advanced condition on the file"),
]

# The settings each criterion reads; changing one of them makes a new version.
CRITERION_FIELDS = (
    "criterion",
    "category_ids",
    "residency",
    "max_income_per_member",
    "min_count",
    "min_age",
    "max_age",
    "document_type_ids",
    "months",
    "domain",
)

CHILD_RELATIONS = ("son", "daughter", "grandchild")

# States in which an approval of the same type counts as aid already given.
AID_GIVEN_STATES = ("approved", "delivered", "closed")


class BeneficiaryEligibilityRule(models.Model):
    """One criterion of the eligibility mechanism (آلية التأكد من استحقاق المستفيد).

    Rules are data: an association writes its own, attaches them to request
    types, and every change of a rule's settings makes a new version, so each
    stored evaluation says which version of the rule it applied.
    """

    _name = "beneficiary.eligibility.rule"
    _description = "Eligibility Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the rule with every company.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
    )
    criterion = fields.Selection(
        CRITERIA, required=True, default="income_per_member", tracking=True
    )
    category_ids = fields.Many2many("beneficiary.category", string="Categories Served")
    residency = fields.Selection(
        [("citizen", "Citizen"), ("resident", "Resident")], string="Required Residency"
    )
    max_income_per_member = fields.Monetary(
        string="Maximum Income per Member", tracking=True, help="Monthly, in the company currency."
    )
    min_count = fields.Integer(
        string="At Least",
        default=1,
        tracking=True,
        help="Household members, dependent children or family members in the age range.",
    )
    min_age = fields.Integer(string="From Age", tracking=True)
    max_age = fields.Integer(string="To Age", tracking=True)
    document_type_ids = fields.Many2many(
        "beneficiary.document.type", string="Documents Valid Today"
    )
    months = fields.Integer(
        string="Months Without Aid",
        default=12,
        tracking=True,
        help="No approved aid of the same request type within this many months.",
    )
    domain = fields.Char(
        string="Condition on the File",
        default="[]",
        help="An Odoo domain on the beneficiary file; the file must match it.",
    )
    version = fields.Integer(readonly=True, default=1, copy=False, tracking=True)
    request_type_ids = fields.Many2many(
        "beneficiary.request.type",
        "beneficiary_eligibility_rule_request_type_rel",
        "rule_id",
        "type_id",
        string="Request Types",
    )

    _sql_constraints = [
        ("min_count_positive", "CHECK(min_count >= 0)", "A minimum count cannot be negative."),
        ("months_positive", "CHECK(months >= 0)", "The number of months cannot be negative."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("company_id")
    def _compute_currency_id(self):
        for rule in self:
            rule.currency_id = (rule.company_id or self.env.company).currency_id

    # ------------------------------------------------------------------ constraints
    @api.constrains(*CRITERION_FIELDS)
    def _check_settings(self):
        for rule in self:
            criterion = rule.criterion
            if criterion == "category" and not rule.category_ids:
                raise ValidationError(
                    self.env._("Rule %(rule)s: choose the categories served.", rule=rule.name)
                )
            if criterion == "residency" and not rule.residency:
                raise ValidationError(
                    self.env._("Rule %(rule)s: choose the required residency.", rule=rule.name)
                )
            if criterion == "income_per_member" and rule.max_income_per_member <= 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the maximum income per member must be more than zero.",
                        rule=rule.name,
                    )
                )
            if criterion in ("household_size", "dependent_children", "member_age") and (
                rule.min_count < 1
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the minimum count must be at least 1.", rule=rule.name
                    )
                )
            if criterion in ("beneficiary_age", "member_age") and not (
                0 <= rule.min_age <= rule.max_age and rule.max_age > 0
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: give an age range whose end is above zero and not "
                        "below its start.",
                        rule=rule.name,
                    )
                )
            if criterion == "documents" and not rule.document_type_ids:
                raise ValidationError(
                    self.env._("Rule %(rule)s: choose the documents to check.", rule=rule.name)
                )
            if criterion == "recent_aid" and rule.months < 1:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the period must be at least one month.", rule=rule.name
                    )
                )
            if criterion == "domain":
                rule._check_domain_syntax()

    def _check_domain_syntax(self):
        self.ensure_one()
        try:
            domain = self._parsed_domain()
            self.env["beneficiary.beneficiary"].sudo().search_count(domain, limit=1)
        except Exception as error:
            raise ValidationError(
                self.env._(
                    "Rule %(rule)s: the condition on the file is not valid (%(error)s).",
                    rule=self.name,
                    error=error,
                )
            ) from error
        if not domain:
            raise ValidationError(
                self.env._("Rule %(rule)s: write the condition on the file.", rule=self.name)
            )

    def _parsed_domain(self):
        self.ensure_one()
        context = {
            "context_today": lambda: fields.Date.context_today(self),
            "datetime": safe_datetime,
            "relativedelta": relativedelta,
            "uid": self.env.uid,
        }
        domain = safe_eval(self.domain or "[]", context)
        if not isinstance(domain, list | tuple):
            raise ValueError(self.env._("a domain is a list of conditions"))
        return list(domain)

    # ------------------------------------------------------------------ versions
    def write(self, vals):
        changed = set(vals) & set(CRITERION_FIELDS)
        if changed and not self.env.context.get("eligibility_rule_no_version"):
            for rule in self:
                values = dict(vals, version=rule.version + 1)
                super(BeneficiaryEligibilityRule, rule).write(values)
            return True
        return super().write(vals)

    # ------------------------------------------------------------------ evaluation
    def _evaluate(self, beneficiary, request_type=None, on_date=None, exclude_request=None):
        """Apply each rule to ``beneficiary``: a list of dicts ready for the result lines.

        Reads the whole file whatever the caller may see, because the decision
        needs every figure; the caller only gets the stored sentences.
        """
        beneficiary = beneficiary.sudo()
        on_date = on_date or fields.Date.context_today(self)
        now = fields.Datetime.now()
        results = []
        for rule in self:
            passed, explanation = getattr(rule, f"_eligible_{rule.criterion}")(
                beneficiary, request_type, on_date, exclude_request
            )
            results.append(
                {
                    "rule_id": rule.id,
                    "rule_name": rule.name,
                    "rule_version": rule.version,
                    "criterion": rule.criterion,
                    "passed": passed,
                    "explanation": explanation,
                    "evaluated_on": now,
                }
            )
        return results

    def _amount(self, amount):
        return format_amount(self.env, amount, self.currency_id)

    def _eligible_category(self, beneficiary, request_type, on_date, exclude_request):
        served = ", ".join(self.category_ids.mapped("name"))
        category = beneficiary.category_id.name or ""
        if beneficiary.category_id in self.category_ids:
            return True, self.env._(
                "The category %(category)s is among those served: %(served)s.",
                category=category,
                served=served,
            )
        return False, self.env._(
            "The category %(category)s is not among those served: %(served)s.",
            category=category,
            served=served,
        )

    def _eligible_residency(self, beneficiary, request_type, on_date, exclude_request):
        labels = dict(self._fields["residency"]._description_selection(self.env))
        required = labels[self.residency]
        if beneficiary.residency_status == self.residency:
            return True, self.env._(
                "The beneficiary is a %(status)s, as required.", status=required
            )
        actual = labels.get(beneficiary.residency_status) or self.env._("unknown")
        return False, self.env._(
            "The beneficiary is a %(status)s; the rule requires a %(required)s.",
            status=actual,
            required=required,
        )

    def _eligible_income_per_member(self, beneficiary, request_type, on_date, exclude_request):
        income = beneficiary.income_per_member
        limit = self.max_income_per_member
        values = {
            "income": self._amount(income),
            "limit": self._amount(limit),
            "total": self._amount(beneficiary.monthly_income),
            "size": beneficiary.household_size,
        }
        if self.currency_id.compare_amounts(income, limit) <= 0:
            return True, self.env._(
                "Income per member %(income)s ≤ %(limit)s (household income %(total)s "
                "for %(size)s members).",
                **values,
            )
        return False, self.env._(
            "Income per member %(income)s is above the limit of %(limit)s (household "
            "income %(total)s for %(size)s members).",
            **values,
        )

    def _eligible_household_size(self, beneficiary, request_type, on_date, exclude_request):
        size = beneficiary.household_size
        if size >= self.min_count:
            return True, self.env._(
                "Household of %(size)s members ≥ %(minimum)s.", size=size, minimum=self.min_count
            )
        return False, self.env._(
            "Household of %(size)s members, fewer than the %(minimum)s required.",
            size=size,
            minimum=self.min_count,
        )

    def _eligible_dependent_children(self, beneficiary, request_type, on_date, exclude_request):
        count = len(
            beneficiary.member_ids.filtered(
                lambda member: member.is_dependent and member.relation in CHILD_RELATIONS
            )
        )
        if count >= self.min_count:
            return True, self.env._(
                "%(count)s dependent children ≥ %(minimum)s.", count=count, minimum=self.min_count
            )
        return False, self.env._(
            "%(count)s dependent children, fewer than the %(minimum)s required.",
            count=count,
            minimum=self.min_count,
        )

    def _age_on(self, birth_date, on_date):
        return relativedelta(on_date, birth_date).years

    def _eligible_beneficiary_age(self, beneficiary, request_type, on_date, exclude_request):
        values = {"minimum": self.min_age, "maximum": self.max_age}
        if not beneficiary.birth_date:
            return False, self.env._(
                "The birth date is not recorded: the age range %(minimum)s–%(maximum)s cannot "
                "be checked.",
                **values,
            )
        age = self._age_on(beneficiary.birth_date, on_date)
        if self.min_age <= age <= self.max_age:
            return True, self.env._(
                "Age %(age)s is within %(minimum)s–%(maximum)s.", age=age, **values
            )
        return False, self.env._(
            "Age %(age)s is outside %(minimum)s–%(maximum)s.", age=age, **values
        )

    def _eligible_member_age(self, beneficiary, request_type, on_date, exclude_request):
        in_range = beneficiary.member_ids.filtered(
            lambda member: (
                member.birth_date
                and self.min_age <= self._age_on(member.birth_date, on_date) <= self.max_age
            )
        )
        values = {
            "count": len(in_range),
            "minimum": self.min_age,
            "maximum": self.max_age,
            "required": self.min_count,
        }
        if len(in_range) >= self.min_count:
            return True, self.env._(
                "%(count)s family member(s) aged %(minimum)s–%(maximum)s (at least "
                "%(required)s required).",
                **values,
            )
        return False, self.env._(
            "%(count)s family member(s) aged %(minimum)s–%(maximum)s, fewer than the "
            "%(required)s required.",
            **values,
        )

    def _eligible_documents(self, beneficiary, request_type, on_date, exclude_request):
        missing = self.env["beneficiary.document.type"]
        for doc_type in self.document_type_ids:
            valid = beneficiary.document_ids.filtered(
                lambda document, doc_type=doc_type: (
                    document.type_id == doc_type
                    and not document.member_id
                    and not document._is_expired_on(on_date)
                )
            )
            if not valid:
                missing |= doc_type
        if not missing:
            return True, self.env._(
                "Valid on %(date)s: %(documents)s.",
                date=format_date(self.env, on_date),
                documents=", ".join(self.document_type_ids.mapped("name")),
            )
        return False, self.env._(
            "Missing or expired on %(date)s: %(documents)s.",
            date=format_date(self.env, on_date),
            documents=", ".join(missing.mapped("name")),
        )

    def _eligible_recent_aid(self, beneficiary, request_type, on_date, exclude_request):
        since = on_date - relativedelta(months=self.months)
        domain = [
            ("beneficiary_id", "=", beneficiary.id),
            ("state", "in", AID_GIVEN_STATES),
            ("decision_id.outcome", "=", "approve"),
            ("decision_id.date", ">=", fields.Datetime.to_datetime(since)),
        ]
        if request_type:
            domain.append(("type_id", "=", request_type.id))
        if exclude_request:
            domain.append(("id", "not in", exclude_request.ids))
        previous = self.env["beneficiary.request"].sudo().search(domain, order="id desc", limit=1)
        if not previous:
            return True, self.env._(
                "No aid of this type approved in the last %(months)s months.", months=self.months
            )
        return False, self.env._(
            "Aid %(request)s of this type was approved on %(date)s, within the last "
            "%(months)s months.",
            request=previous.name,
            date=format_date(self.env, previous.decision_id.date),
            months=self.months,
        )

    def _eligible_domain(self, beneficiary, request_type, on_date, exclude_request):
        domain = self._parsed_domain()
        matches = (
            self.env["beneficiary.beneficiary"]
            .sudo()
            .search_count([("id", "=", beneficiary.id), *domain], limit=1)
        )
        if matches:
            return True, self.env._("The file meets the condition: %(rule)s.", rule=self.name)
        return False, self.env._("The file does not meet the condition: %(rule)s.", rule=self.name)
