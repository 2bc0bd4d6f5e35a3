import contextvars

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .beneficiary_need_criterion import NEED_PRIORITIES
from .beneficiary_workflow_guard_mixin import workflow_transition

# Set while ``_evaluate_for`` creates the enrolments it has just evaluated.
_EVALUATED = contextvars.ContextVar("beneficiary_enrolment_evaluated", default=False)

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
        "program_id",
        "beneficiary_id",
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
    # No default: the state is always the evaluation's, never the caller's.
    state = fields.Selection(ENROLMENT_STATES, required=True, tracking=True, index=True)
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

    def _workflow_fields_on_create(self):
        # The program and the file are chosen on creation, then fixed.
        return tuple(
            name for name in self._workflow_fields if name not in ("program_id", "beneficiary_id")
        )

    @api.model_create_multi
    def create(self, vals_list):
        """Every enrolment is the result of an evaluation of the program's rules.

        An enrolment asked for directly (a form, an import, an RPC call) names only
        the program and the file: the workflow guard refuses any state or result
        given by the caller, then the rules are evaluated and decide the state.
        """
        if _EVALUATED.get():
            return super().create(vals_list)
        self._workflow_check_create(vals_list)
        self.check_access("create")
        # Nor do ``default_*`` context keys choose any of the evaluation's values.
        model = self.with_env(
            self.env(
                context={
                    key: value
                    for key, value in self.env.context.items()
                    if not (key.startswith("default_") and key[8:] in self._workflow_fields)
                }
            )
        )
        Program = model.env["beneficiary.program"]
        Beneficiary = model.env["beneficiary.beneficiary"]
        wanted = []
        for vals in vals_list:
            program = Program.browse(vals.get("program_id")).exists()
            beneficiary = Beneficiary.browse(vals.get("beneficiary_id")).exists()
            if not program or not beneficiary:
                raise ValidationError(
                    model.env._("An enrolment needs an aid program and a beneficiary file.")
                )
            if program.state == "closed":
                raise UserError(model.env._("Program %(program)s is closed.", program=program.name))
            wanted.append((program, beneficiary, vals))
        (Program.union(*(p for p, _b, _v in wanted))).check_access("read")
        (Beneficiary.union(*(b for _p, b, _v in wanted))).check_access("read")
        pairs = {(program.id, beneficiary.id) for program, beneficiary, _vals in wanted}
        existing = model.sudo().search(
            [
                ("program_id", "in", [program_id for program_id, _b in pairs]),
                ("beneficiary_id", "in", [beneficiary_id for _p, beneficiary_id in pairs]),
            ]
        )
        if len(pairs) < len(wanted) or any(
            (enrolment.program_id.id, enrolment.beneficiary_id.id) in pairs
            for enrolment in existing
        ):
            raise ValidationError(
                model.env._("A beneficiary file is enrolled in a program only once.")
            )
        created = model.browse()
        for program in Program.union(*(p for p, _b, _v in wanted)):
            mine = [(b, v) for p, b, v in wanted if p == program]
            created |= model._evaluate_for(
                program,
                Beneficiary.union(*(b for b, _v in mine)),
                extra_vals={b: v for b, v in mine},
            )
        created.check_access("create")
        by_pair = {(e.program_id.id, e.beneficiary_id.id): e for e in created}
        return model.browse(
            [by_pair[(program.id, beneficiary.id)].id for program, beneficiary, _v in wanted]
        )

    @api.model
    @workflow_transition
    def _evaluate_for(self, program, beneficiaries, extra_vals=None):
        """Create or refresh the enrolments of ``beneficiaries`` in ``program``.

        ``extra_vals`` maps a file to other values of its new enrolment.
        """
        extra_vals = extra_vals or {}
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
                new_vals.append(
                    dict(
                        extra_vals.get(beneficiary, {}),
                        **values,
                        program_id=program.id,
                        beneficiary_id=beneficiary.id,
                    )
                )
            evaluations.append((beneficiary, results))
        token = _EVALUATED.set(True)
        try:
            created = self.sudo().create(new_vals)
        finally:
            _EVALUATED.reset(token)
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
