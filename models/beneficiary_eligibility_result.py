from odoo import api, fields, models

from .beneficiary_eligibility_rule import CRITERIA


class BeneficiaryEligibilityResult(models.Model):
    """One criterion of a stored eligibility evaluation: pass or fail and why, in words.

    Written by the evaluation only (never by hand), with the rule version it applied.
    """

    _name = "beneficiary.eligibility.result"
    _description = "Eligibility Evaluation Line"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one(
        "beneficiary.request", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(
        related="request_id.company_id", store=True, index=True, precompute=True
    )
    category_id = fields.Many2one(
        related="request_id.category_id", store=True, index=True, string="Category"
    )
    type_id = fields.Many2one(
        related="request_id.type_id", store=True, index=True, string="Request Type"
    )
    sequence = fields.Integer(readonly=True)
    rule_id = fields.Many2one(
        "beneficiary.eligibility.rule",
        string="Eligibility Rule",
        ondelete="set null",
        readonly=True,
    )
    rule_name = fields.Char(string="Rule", readonly=True)
    rule_version = fields.Integer(string="Rule Version", readonly=True)
    criterion = fields.Selection(CRITERIA, readonly=True)
    passed = fields.Boolean(readonly=True)
    result = fields.Selection(
        [("pass", "Met"), ("fail", "Not met")], compute="_compute_result", store=True
    )
    explanation = fields.Char(readonly=True)
    evaluated_on = fields.Datetime(readonly=True)

    @api.depends("passed")
    def _compute_result(self):
        for line in self:
            line.result = "pass" if line.passed else "fail"
