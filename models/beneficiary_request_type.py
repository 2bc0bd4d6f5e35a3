from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.counted import counted
from .beneficiary_category_officer import OFFICER_DOMAINS

REQUEST_KINDS = [
    ("registration", "New beneficiary registration"),
    ("aid", "Aid"),
    ("volunteering", "Volunteering"),
    ("employment", "Employment"),
    ("proposal", "Program or project proposal"),
    ("inquiry", "Inquiry"),
    ("data_update", "Data update"),
]


class BeneficiaryRequestType(models.Model):
    """What can be asked of the association, and the rules that apply to it."""

    _name = "beneficiary.request.type"
    _description = "Request Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(REQUEST_KINDS, required=True, default="aid")
    description = fields.Html(
        string="Criteria", translate=True, help="Eligibility criteria shown to applicants."
    )
    required_document_type_ids = fields.Many2many(
        "beneficiary.document.type", string="Required Documents"
    )
    eligibility_rule_ids = fields.Many2many(
        "beneficiary.eligibility.rule",
        "beneficiary_eligibility_rule_request_type_rel",
        "type_id",
        "rule_id",
        string="Eligibility Rules",
        help="Every request of this type is evaluated against these rules and the result "
        "is stored on it, shown to the committee and printed on the decision letter.",
    )
    needs_committee = fields.Boolean(
        compute="_compute_needs_committee",
        store=True,
        readonly=False,
        help="Inquiries are answered directly; other requests are decided by a committee.",
    )
    committee_id = fields.Many2one("beneficiary.committee", string="Deciding Committee")
    sla_days = fields.Integer(
        string="Answer Within (Working Days)",
        default=15,
        help="Working days from the date the request is complete to the answer.",
    )
    sla_days_text = fields.Char(
        string="Answer Period",
        compute="_compute_sla_days_text",
        help="The answer period as said to applicants, e.g. 15 working days.",
    )
    min_answer_days = fields.Integer(
        string="Answer Not Before (Days)",
        default=0,
        help="For policies that promise an answer 'not less than N days': the decision "
        "is sent to the applicant no earlier than this many days after completeness.",
    )
    declaration_required = fields.Boolean(
        string="Signed Declaration Required",
        default=True,
        help="The applicant signs that the data is true before the committee studies it.",
    )
    beneficiary_required = fields.Boolean(
        string="Beneficiary File Required",
        compute="_compute_beneficiary_required",
        store=True,
        readonly=False,
    )
    officer_domain = fields.Selection(
        OFFICER_DOMAINS,
        string="Referral Domain",
        default="social",
        help="Requests are referred to the category's contact officer of this domain "
        "when no social researcher is chosen.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        help="Sent to the applicant when the service is delivered (or the inquiry answered).",
    )
    is_public = fields.Boolean(
        string="On the Public Forms", help="Visitors can submit this request from the website."
    )
    request_count = fields.Integer(compute="_compute_request_count")

    _sql_constraints = [
        ("code_unique", "unique(code)", "The request type code must be unique."),
    ]

    @api.depends("kind")
    def _compute_needs_committee(self):
        for request_type in self:
            request_type.needs_committee = request_type.kind != "inquiry"

    @api.depends("kind")
    def _compute_beneficiary_required(self):
        for request_type in self:
            request_type.beneficiary_required = request_type.kind in (
                "registration",
                "aid",
                "data_update",
            )

    @api.depends_context("lang")
    @api.depends("sla_days")
    def _compute_sla_days_text(self):
        lang = self.env.lang or "en_US"
        for request_type in self:
            request_type.sla_days_text = counted(request_type.sla_days or 0, "working_day", lang)

    @api.constrains("sla_days", "min_answer_days")
    def _check_days(self):
        for request_type in self:
            if request_type.sla_days < 1:
                raise ValidationError(
                    self.env._("The answer period must be at least one working day.")
                )
            if request_type.min_answer_days < 0:
                raise ValidationError(self.env._("The minimum answer time cannot be negative."))

    def _compute_request_count(self):
        counts = dict(
            self.env["beneficiary.request"]._read_group(
                [("type_id", "in", self.ids)], ["type_id"], ["__count"]
            )
        )
        for request_type in self:
            request_type.request_count = counts.get(request_type, 0)

    def _document_checklist_commands(self, exclude=None):
        """Commands creating one checklist line per required document not in ``exclude``."""
        self.ensure_one()
        exclude = exclude or self.env["beneficiary.document.type"]
        return [
            fields.Command.create({"type_id": doc_type.id, "sequence": index})
            for index, doc_type in enumerate(self.required_document_type_ids)
            if doc_type not in exclude
        ]
