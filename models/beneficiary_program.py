import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .beneficiary_workflow_guard_mixin import workflow_transition

PROGRAM_STATES = [
    ("draft", "Draft"),
    ("active", "Running"),
    ("closed", "Closed"),
]

PERIODICITIES = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("one_off", "One-off"),
]

# Entitlements in these states use the program's budget.
BUDGET_STATES = ("draft", "approved", "paid")


class BeneficiaryProgram(models.Model):
    """An aid program (monthly aid for widows, Ramadan food basket, school bags…):
    a budget on an analytic account, eligible files enrolled against its rules,
    and cycles that give each enrolled beneficiary one entitlement."""

    _name = "beneficiary.program"
    _description = "Aid Program"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.workflow.guard.mixin",
        "beneficiary.payment.account.mixin",
    ]
    _order = "state, name, id"
    _check_company_auto = True
    _workflow_fields = ("state", "committed_amount")

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        PROGRAM_STATES, required=True, default="draft", tracking=True, index=True, copy=False
    )
    periodicity = fields.Selection(PERIODICITIES, required=True, default="monthly", tracking=True)
    amount = fields.Monetary(
        string="Amount per Beneficiary", required=True, tracking=True, help="For each cycle."
    )
    budget_amount = fields.Monetary(string="Budget", required=True, tracking=True)
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        tracking=True,
        check_company=True,
        help="Every vendor bill of the program is charged to this analytic account.",
    )
    eligibility_rule_ids = fields.Many2many(
        "beneficiary.eligibility.rule",
        "beneficiary_eligibility_rule_program_rel",
        "program_id",
        "rule_id",
        string="Eligibility Rules",
    )
    description = fields.Html()
    user_id = fields.Many2one(
        "res.users", string="Program Manager", default=lambda self: self.env.user, tracking=True
    )
    enrolment_ids = fields.One2many("beneficiary.program.enrolment", "program_id")
    cycle_ids = fields.One2many("beneficiary.program.cycle", "program_id", string="Cycles")
    enrolled_count = fields.Integer(compute="_compute_counts", string="Enrolled")
    cycle_count = fields.Integer(compute="_compute_counts")
    committed_amount = fields.Monetary(
        string="Committed",
        readonly=True,
        copy=False,
        help="Entitlements not cancelled. Kept by the cycles under a lock of the program, and "
        "bounded by the budget in the database.",
    )
    paid_amount = fields.Monetary(compute="_compute_budget", string="Paid")
    remaining_budget = fields.Monetary(compute="_compute_budget")

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "The program code must be unique."),
        ("amount_positive", "CHECK(amount > 0)", "The amount per beneficiary must be positive."),
        ("budget_positive", "CHECK(budget_amount >= 0)", "The budget cannot be negative."),
        (
            "committed_within_budget",
            "CHECK(committed_amount <= budget_amount)",
            "The entitlements of a program cannot exceed its budget.",
        ),
    ]

    def _compute_counts(self):
        Enrolment = self.env["beneficiary.program.enrolment"]
        enrolled = dict(
            Enrolment._read_group(
                [("program_id", "in", self.ids), ("state", "=", "enrolled")],
                ["program_id"],
                ["__count"],
            )
        )
        cycles = dict(
            self.env["beneficiary.program.cycle"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        for program in self:
            program.enrolled_count = enrolled.get(program, 0)
            program.cycle_count = cycles.get(program, 0)

    @api.depends("budget_amount", "committed_amount")
    def _compute_budget(self):
        paid = dict(
            self.env["beneficiary.program.entitlement"]
            .sudo()
            ._read_group(
                [("program_id", "in", self.ids), ("state", "=", "paid")],
                ["program_id"],
                ["amount:sum"],
            )
        )
        for program in self:
            program.paid_amount = paid.get(program, 0.0)
            program.remaining_budget = program.budget_amount - program.committed_amount

    @api.constrains("amount", "budget_amount")
    def _check_amounts(self):
        for program in self:
            if program.amount <= 0:
                raise ValidationError(self.env._("The amount per beneficiary must be positive."))
            if program.budget_amount < 0:
                raise ValidationError(self.env._("The budget cannot be negative."))

    def write(self, vals):
        result = super().write(vals)
        if "budget_amount" in vals:
            for program in self:
                if (
                    program.currency_id.compare_amounts(
                        program.budget_amount, program.committed_amount
                    )
                    < 0
                ):
                    raise ValidationError(
                        self.env._(
                            "The budget of %(program)s cannot be less than the %(committed)s "
                            "already committed to entitlements.",
                            program=program.name,
                            committed=program.committed_amount,
                        )
                    )
        return result

    # ------------------------------------------------------------------ states
    @workflow_transition
    def action_start(self):
        for program in self:
            if program.state != "draft":
                raise UserError(self.env._("Only a draft program can be started."))
        self.write({"state": "active"})
        return True

    @workflow_transition
    def action_close(self):
        self.write({"state": "closed"})
        return True

    # ------------------------------------------------------------------ budget
    def _lock(self):
        """Lock the program's row: its cycles are generated and paid one at a
        time, so two sessions can never spend the same budget twice."""
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM beneficiary_program WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                    tuple(self.ids),
                ),
                log_exceptions=False,
            )
        except psycopg2.errors.LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Another cycle of this program is being generated or paid right now; "
                    "try again in a moment."
                )
            ) from error

    def _committed_in_db(self):
        """Budget already used, read from the database under the program lock."""
        self.ensure_one()
        self.env["beneficiary.program.entitlement"].flush_model(["amount", "state", "program_id"])
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(SUM(amount), 0) FROM beneficiary_program_entitlement "
                "WHERE program_id = %s AND state IN %s",
                self.id,
                BUDGET_STATES,
            )
        )
        return self.env.cr.fetchone()[0]

    @workflow_transition
    def _update_committed(self):
        """Write the budget used on the program row (locked by the caller): a second
        transaction that read the program before this one commits then fails to lock
        it instead of spending the same budget, and the CHECK bounds the total."""
        for program in self:
            program.sudo().committed_amount = program._committed_in_db()
        self.flush_recordset(["committed_amount"])

    # ------------------------------------------------------------------ enrolment
    def _enrol(self, beneficiaries):
        """Check each file against the program's rules and enrol the eligible ones.

        Files already enrolled are evaluated again; the others are kept as not
        eligible with the reasons, so those left out can be told why.
        """
        self.ensure_one()
        if self.state == "closed":
            raise UserError(self.env._("Program %(program)s is closed.", program=self.name))
        return self.env["beneficiary.program.enrolment"]._evaluate_for(self, beneficiaries)

    def action_open_enrol_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Enrol Beneficiaries"),
            "res_model": "beneficiary.program.enrol.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_program_id": self.id},
        }

    def action_view_enrolments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_program_enrolment_action"
        )
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id, "search_default_enrolled": 1}
        return action

    def action_view_cycles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_program_cycle_action"
        )
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action
