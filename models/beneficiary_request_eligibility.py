from odoo import api, fields, models

from .beneficiary_need_criterion import NEED_PRIORITIES
from .beneficiary_request import BeneficiaryRequest as BaseRequest
from .beneficiary_workflow_guard_mixin import workflow_transition

ELIGIBILITY_STATES = [
    ("none", "No rules"),
    ("eligible", "Eligible"),
    ("ineligible", "Not eligible"),
]

# Until the committee decides, the evaluation follows the file's data.
EVALUATED_STATES = ("received", "complete", "study", "committee")


class BeneficiaryRequest(models.Model):
    """The eligibility evaluation and needs assessment stored on each request."""

    _inherit = "beneficiary.request"  # pylint: disable=consider-merging-classes-inherited
    # The evaluation is written only by ``_evaluate_eligibility``.
    _workflow_fields = BaseRequest._workflow_fields + (
        "eligibility_state",
        "eligibility_date",
        "need_score",
        "need_priority",
        "need_details",
        "eligibility_result_ids",
    )

    eligibility_result_ids = fields.One2many(
        "beneficiary.eligibility.result",
        "request_id",
        string="Eligibility Evaluation",
        readonly=True,
        copy=False,
    )
    eligibility_state = fields.Selection(
        ELIGIBILITY_STATES,
        string="Eligibility",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    eligibility_date = fields.Datetime(string="Evaluated On", readonly=True, copy=False)
    need_score = fields.Float(
        readonly=True,
        copy=False,
        aggregator="avg",
        digits=(5, 1),
        help="Weighted needs assessment of the file, out of 100.",
    )
    need_priority = fields.Selection(
        NEED_PRIORITIES, string="Priority", readonly=True, copy=False, index=True
    )
    need_details = fields.Text(string="Needs Assessment", readonly=True, copy=False)

    def _evaluation_lang(self):
        self.ensure_one()
        return self.partner_id.lang or self.company_id.partner_id.lang or self.env.lang

    @workflow_transition
    def _evaluate_eligibility(self):
        """Evaluate every request's file against its type's rules and assess its need.

        The previous evaluation is replaced; each line keeps the rule version it used.
        """
        Result = self.env["beneficiary.eligibility.result"].sudo()
        Criterion = self.env["beneficiary.need.criterion"].sudo()
        requests = self.filtered("beneficiary_id")
        if not requests:
            return
        Result.search([("request_id", "in", requests.ids)]).unlink()
        line_vals = []
        for request in requests:
            env_lang = request._evaluation_lang()
            company = request.company_id
            rules = (
                request.type_id.sudo()
                .eligibility_rule_ids.filtered(
                    lambda rule, company=company: not rule.company_id or rule.company_id == company
                )
                .with_context(lang=env_lang)
            )
            on_date = request._today()
            results = rules._evaluate(
                request.beneficiary_id, request.type_id, on_date, exclude_request=request
            )
            for sequence, values in enumerate(results):
                line_vals.append(dict(values, request_id=request.id, sequence=sequence))
            if not results:
                state = "none"
            elif all(values["passed"] for values in results):
                state = "eligible"
            else:
                state = "ineligible"
            criteria = Criterion.with_context(lang=env_lang)._for_company(company)
            score, priority, details = criteria._assess(request.beneficiary_id)
            request.write(
                {
                    "eligibility_state": state,
                    "eligibility_date": fields.Datetime.now(),
                    "need_score": score,
                    "need_priority": priority,
                    "need_details": "\n".join(details),
                }
            )
        Result.create(line_vals)

    @api.model
    def _refresh_eligibility_of_files(self, beneficiaries):
        """The files' data changed: evaluate again their requests not yet decided."""
        if not beneficiaries:
            return
        requests = self.sudo().search(
            [
                ("beneficiary_id", "in", beneficiaries.ids),
                ("state", "in", EVALUATED_STATES),
                ("eligibility_date", "!=", False),
            ]
        )
        requests._evaluate_eligibility()

    @workflow_transition
    def action_evaluate_eligibility(self):
        self._check_state(
            EVALUATED_STATES,
            self.env._(
                "The eligibility of request %(record)s cannot be evaluated in its current status."
            ),
        )
        self._evaluate_eligibility()
        return True

    def action_mark_complete(self):
        result = super().action_mark_complete()
        self._evaluate_eligibility()
        return result

    def action_submit_to_committee(self):
        self.filtered(lambda request: request.state in EVALUATED_STATES)._evaluate_eligibility()
        return super().action_submit_to_committee()
