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
        "beneficiary.request", ondelete="cascade", index="btree_not_null", readonly=True
    )
    enrolment_id = fields.Many2one(
        "beneficiary.program.enrolment",
        string="Program Enrolment",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
    )
    program_id = fields.Many2one(
        related="enrolment_id.program_id", store=True, index="btree_not_null", string="Program"
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_subject", store=True, index=True, precompute=True
    )
    category_id = fields.Many2one(
        "beneficiary.category",
        compute="_compute_subject",
        store=True,
        index=True,
        precompute=True,
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
    rule_version = fields.Integer(readonly=True)
    criterion = fields.Selection(CRITERIA, readonly=True)
    passed = fields.Boolean(readonly=True)
    result = fields.Selection(
        [("pass", "Met"), ("fail", "Not met")], compute="_compute_result", store=True
    )
    explanation = fields.Char(readonly=True)
    evaluated_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "one_subject",
            "CHECK((request_id IS NULL) != (enrolment_id IS NULL))",
            "An evaluation line belongs to one request or one program enrolment.",
        ),
    ]

    @api.depends(
        "request_id.company_id",
        "request_id.category_id",
        "enrolment_id.company_id",
        "enrolment_id.category_id",
    )
    def _compute_subject(self):
        for line in self:
            subject = line.request_id or line.enrolment_id
            line.company_id = subject.company_id
            line.category_id = subject.category_id

    @api.depends("passed")
    def _compute_result(self):
        for line in self:
            line.result = "pass" if line.passed else "fail"
