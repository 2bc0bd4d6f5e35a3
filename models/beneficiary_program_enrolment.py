from odoo import api, fields, models

from .beneficiary_need_criterion import NEED_PRIORITIES
from .beneficiary_workflow_guard_mixin import workflow_transition

ENROLMENT_STATES = [
    ("enrolled", "Enrolled"),
    ("not_eligible", "Not eligible"),
    ("withdrawn", "Withdrawn"),
]


class BeneficiaryProgramEnrolment(models.Model):
    """A beneficiary file checked against an aid program's rules, with the result."""

    _name = "beneficiary.program.enrolment"
    _description = "Program Enrolment"
    _inherit = ["mail.thread", "beneficiary.workflow.guard.mixin"]
    _order = "need_score desc, id"
    _rec_name = "beneficiary_id"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "enrolled_date",
        "eligibility_date",
        "reasons",
        "needs_review",
        "need_score",
        "need_priority",
    )

    program_id = fields.Many2one(
        "beneficiary.program", required=True, ondelete="cascade", index=True, check_company=True
    )
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        string="Beneficiary File",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, index=True, precompute=True
    )
    category_id = fields.Many2one(
        related="beneficiary_id.category_id", store=True, index=True, string="Category"
    )
    partner_id = fields.Many2one(related="beneficiary_id.partner_id", string="Beneficiary")
    state = fields.Selection(
        ENROLMENT_STATES, required=True, default="enrolled", tracking=True, index=True
    )
    enrolled_date = fields.Date(readonly=True)
    eligibility_date = fields.Datetime(string="Evaluated On", readonly=True)
    result_ids = fields.One2many(
        "beneficiary.eligibility.result", "enrolment_id", string="Eligibility Evaluation"
    )
    reasons = fields.Text(
        string="Why Not Eligible", readonly=True, help="Every criterion the file does not meet."
    )
    needs_review = fields.Boolean(
        string="No Longer Eligible",
        readonly=True,
        index=True,
        tracking=True,
        help="An enrolled file that no longer meets the program's rules. It stays enrolled "
        "until a person decides to withdraw it.",
    )
    need_score = fields.Float(readonly=True, digits=(5, 1), aggregator="avg")
    need_priority = fields.Selection(NEED_PRIORITIES, string="Priority", readonly=True)

    _sql_constraints = [
        (
            "program_beneficiary_unique",
            "unique(program_id, beneficiary_id)",
            "A beneficiary file is enrolled in a program only once.",
        ),
    ]

    @api.model
    @workflow_transition
    def _evaluate_for(self, program, beneficiaries):
        """Create or refresh the enrolments of ``beneficiaries`` in ``program``."""
        program = program.sudo()
        beneficiaries = beneficiaries.sudo()
        existing = {
            enrolment.beneficiary_id: enrolment
            for enrolment in self.sudo().search(
                [("program_id", "=", program.id), ("beneficiary_id", "in", beneficiaries.ids)]
            )
        }
        Result = self.env["beneficiary.eligibility.result"].sudo()
        Result.search([("enrolment_id", "in", [e.id for e in existing.values()])]).unlink()
        lang = program.company_id.partner_id.lang or self.env.lang
        rules = program.eligibility_rule_ids.filtered(
            lambda rule: not rule.company_id or rule.company_id == program.company_id
        ).with_context(lang=lang)
        criteria = (
            self.env["beneficiary.need.criterion"]
            .sudo()
            .with_context(lang=lang)
            ._for_company(program.company_id)
        )
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        new_vals, evaluations = [], []
        for beneficiary in beneficiaries:
            results = rules._evaluate(beneficiary, on_date=today)
            reasons = [values["explanation"] for values in results if not values["passed"]]
            if beneficiary.state != "active":
                reasons.insert(
                    0,
                    self.env._(
                        "The file %(file)s is not registered.", file=beneficiary.display_name
                    ),
                )
            score, priority, _details = criteria._assess(beneficiary)
            values = {
                "state": "not_eligible" if reasons else "enrolled",
                "reasons": "\n".join(reasons) or False,
                "eligibility_date": now,
                "need_score": score,
                "need_priority": priority,
            }
            enrolment = existing.get(beneficiary)
            if enrolment:
                values["needs_review"] = False
                if enrolment.state == "withdrawn":
                    values.pop("state")
                elif enrolment.state == "enrolled" and reasons:
                    # Not removed automatically: a person decides.
                    values.pop("state")
                    values["needs_review"] = True
                elif values["state"] == "enrolled" and not enrolment.enrolled_date:
                    values["enrolled_date"] = today
                enrolment.write(values)
            else:
                if values["state"] == "enrolled":
                    values["enrolled_date"] = today
                new_vals.append(dict(values, program_id=program.id, beneficiary_id=beneficiary.id))
            evaluations.append((beneficiary, results))
        created = self.sudo().create(new_vals)
        by_file = {enrolment.beneficiary_id: enrolment for enrolment in created}
        by_file.update(existing)
        Result.create(
            [
                dict(values, enrolment_id=by_file[beneficiary].id, sequence=sequence)
                for beneficiary, results in evaluations
                for sequence, values in enumerate(results)
            ]
        )
        return self.browse([by_file[beneficiary].id for beneficiary in beneficiaries])

    @workflow_transition
    def action_evaluate(self):
        for program in self.program_id:
            mine = self.filtered(lambda enrolment, program=program: enrolment.program_id == program)
            program._enrol(mine.beneficiary_id)
        return True

    @workflow_transition
    def action_withdraw(self):
        self.check_access("write")
        self.write({"state": "withdrawn", "needs_review": False})
        return True
