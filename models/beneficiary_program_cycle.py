from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount

from .beneficiary_workflow_guard_mixin import workflow_transition

CYCLE_STATES = [
    ("draft", "Draft"),
    ("generated", "Awaiting Approval"),
    ("approved", "Approved"),
    ("paid", "Paid"),
    ("cancelled", "Cancelled"),
]

JOBS = [("none", "None"), ("generate", "Generating"), ("pay", "Paying")]

# Entitlements generated or paid per transaction; the rest continues in the
# scheduled job, which commits and reports its progress after each batch.
BATCH_SIZE = 1000

MANAGER_GROUP = "beneficiary_relations.group_beneficiary_manager"
FINANCE_GROUP = "beneficiary_relations.group_beneficiary_finance"


class BeneficiaryProgramCycle(models.Model):
    """One cycle of an aid program: an entitlement for every enrolled beneficiary,
    approved by a manager, then paid by aid disbursements and their vendor bills,
    never over the budget."""

    _name = "beneficiary.program.cycle"
    _description = "Program Cycle"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.workflow.guard.mixin"]
    _order = "date_start desc, id desc"
    _workflow_fields = ("state", "job", "approved_by_id", "approved_date")
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    program_id = fields.Many2one(
        "beneficiary.program",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('state', '=', 'active')]",
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="program_id.currency_id")
    amount = fields.Monetary(related="program_id.amount", string="Amount per Beneficiary")
    periodicity = fields.Selection(related="program_id.periodicity")
    date_start = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(compute="_compute_date_end", store=True, readonly=False, precompute=True)
    state = fields.Selection(
        CYCLE_STATES, required=True, default="draft", tracking=True, index=True, copy=False
    )
    job = fields.Selection(
        JOBS, required=True, default="none", readonly=True, copy=False, index=True
    )
    entitlement_ids = fields.One2many("beneficiary.program.entitlement", "cycle_id")
    entitlement_count = fields.Integer(compute="_compute_totals")
    paid_count = fields.Integer(compute="_compute_totals")
    total_amount = fields.Monetary(compute="_compute_totals", string="Total")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Datetime(readonly=True, copy=False)

    @api.depends("program_id.name", "date_start")
    def _compute_name(self):
        for cycle in self:
            if cycle.program_id and cycle.date_start:
                cycle.name = f"{cycle.program_id.name} {cycle.date_start:%Y-%m}"
            else:
                cycle.name = cycle.name or "/"

    @api.depends("date_start", "program_id.periodicity")
    def _compute_date_end(self):
        months = {"monthly": 1, "quarterly": 3}
        for cycle in self:
            span = months.get(cycle.program_id.periodicity)
            cycle.date_end = (
                cycle.date_start + relativedelta(months=span, days=-1)
                if cycle.date_start and span
                else cycle.date_start
            )

    def _compute_totals(self):
        Entitlement = self.env["beneficiary.program.entitlement"]
        groups = Entitlement._read_group(
            [("cycle_id", "in", self.ids), ("state", "!=", "cancelled")],
            ["cycle_id", "state"],
            ["__count", "amount:sum"],
        )
        totals = {}
        for cycle, state, count, amount in groups:
            entry = totals.setdefault(cycle, [0, 0, 0.0])
            entry[0] += count
            entry[2] += amount
            if state == "paid":
                entry[1] += count
        for cycle in self:
            count, paid, amount = totals.get(cycle, (0, 0, 0.0))
            cycle.entitlement_count = count
            cycle.paid_count = paid
            cycle.total_amount = amount

    # ------------------------------------------------------------------ generation
    def _missing_beneficiary_ids(self, limit=None):
        """Enrolled files without an entitlement in this cycle, neediest first."""
        self.ensure_one()
        self.env["beneficiary.program.enrolment"].flush_model()
        self.env["beneficiary.program.entitlement"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT enrolment.beneficiary_id
                  FROM beneficiary_program_enrolment enrolment
                 WHERE enrolment.program_id = %(program)s
                   AND enrolment.state = 'enrolled'
                   AND NOT EXISTS (
                        SELECT 1 FROM beneficiary_program_entitlement entitlement
                         WHERE entitlement.cycle_id = %(cycle)s
                           AND entitlement.beneficiary_id = enrolment.beneficiary_id)
              ORDER BY enrolment.need_score DESC, enrolment.id
                 %(limit)s
                """,
                program=self.program_id.id,
                cycle=self.id,
                limit=SQL("LIMIT %s", limit) if limit else SQL(""),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _check_budget(self, count):
        """Refuse when ``count`` more entitlements would exceed the program budget."""
        self.ensure_one()
        program = self.program_id
        committed = program._committed_in_db()
        needed = count * program.amount
        if program.currency_id.compare_amounts(committed + needed, program.budget_amount) > 0:
            currency = program.currency_id
            raise UserError(
                self.env._(
                    "%(count)s entitlements of %(amount)s need %(needed)s, but only "
                    "%(remaining)s of the %(budget)s budget of %(program)s is left.",
                    count=count,
                    amount=format_amount(self.env, program.amount, currency),
                    needed=format_amount(self.env, needed, currency),
                    remaining=format_amount(self.env, program.budget_amount - committed, currency),
                    budget=format_amount(self.env, program.budget_amount, currency),
                    program=program.name,
                )
            )

    def _generate_batch(self, limit=None):
        """Create the next entitlements of this cycle; return (created, remaining).

        The program row is locked first, so a second session or the scheduled
        job cannot generate or pay at the same moment; each run picks only the
        files still missing, and the database refuses a second entitlement for
        the same beneficiary in the cycle.
        """
        self.ensure_one()
        self.program_id._lock()
        missing = self._missing_beneficiary_ids()
        batch = missing[: limit or BATCH_SIZE]
        if batch:
            self._check_budget(len(batch))
            amount = self.program_id.amount
            self.env["beneficiary.program.entitlement"].sudo().create(
                [
                    {
                        "cycle_id": self.id,
                        "beneficiary_id": beneficiary_id,
                        "amount": amount,
                    }
                    for beneficiary_id in batch
                ]
            )
            self.program_id._update_committed()
        remaining = len(missing) - len(batch)
        if not remaining:
            self.sudo().write({"state": "generated", "job": "none"})
        return len(batch), remaining

    @workflow_transition
    def action_generate(self):
        """Generate the entitlements; a large cycle continues in the scheduled job."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "draft" or self.job != "none":
            raise UserError(self.env._("Only a draft cycle can be generated."))
        if self.program_id.state != "active":
            raise UserError(
                self.env._("Program %(program)s is not running.", program=self.program_id.name)
            )
        self.program_id._lock()
        missing = self._missing_beneficiary_ids()
        if not missing and not self.entitlement_ids:
            raise UserError(self.env._("No beneficiary is enrolled in this program."))
        # The whole cycle must fit in the budget before any of it is generated.
        self._check_budget(len(missing))
        done, remaining = self._generate_batch()
        if remaining:
            self.sudo().job = "generate"
            self.env.ref("beneficiary_relations.ir_cron_program_cycle_jobs")._trigger()
            self.message_post(
                body=self.env._(
                    "%(done)s entitlements generated; the other %(remaining)s are being "
                    "generated in the background.",
                    done=done,
                    remaining=remaining,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------ approval
    @workflow_transition
    def action_approve(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a manager can approve a program cycle."))
        for cycle in self:
            if cycle.state != "generated":
                raise UserError(
                    self.env._("Only a generated cycle awaiting approval can be approved.")
                )
        self.sudo().entitlement_ids.filtered(lambda e: e.state == "draft").write(
            {"state": "approved"}
        )
        self.sudo().write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
            }
        )
        return True

    @workflow_transition
    def action_cancel(self):
        self.check_access("write")
        if any(
            cycle.state == "paid" or cycle.sudo().entitlement_ids.disbursement_ids for cycle in self
        ):
            raise UserError(self.env._("A cycle with vendor bills cannot be cancelled."))
        self.program_id._lock()
        self.sudo().entitlement_ids.write({"state": "cancelled"})
        self.sudo().write({"state": "cancelled", "job": "none"})
        self.program_id._update_committed()
        return True

    # ------------------------------------------------------------------ payment
    def _pay_batch(self, limit=None):
        """Pay the next approved entitlements by disbursements; return (paid, remaining)."""
        self.ensure_one()
        self.program_id._lock()
        Entitlement = self.env["beneficiary.program.entitlement"]
        to_pay = Entitlement.search(
            [("cycle_id", "=", self.id), ("state", "=", "approved")], order="id"
        )
        batch = to_pay[: limit or BATCH_SIZE]
        batch._pay()
        remaining = len(to_pay) - len(batch)
        if not remaining:
            self.sudo().write({"state": "paid", "job": "none"})
        return len(batch), remaining

    @workflow_transition
    def action_pay(self):
        """Pay the approved cycle by disbursements; a large cycle continues in the job."""
        self.ensure_one()
        if not self.env.user.has_group(FINANCE_GROUP):
            raise AccessError(self.env._("Only finance can pay a program cycle."))
        if self.state != "approved" or self.job != "none":
            raise UserError(self.env._("Only an approved cycle can be paid."))
        done, remaining = self._pay_batch()
        if remaining:
            self.sudo().job = "pay"
            self.env.ref("beneficiary_relations.ir_cron_program_cycle_jobs")._trigger()
            self.message_post(
                body=self.env._(
                    "%(done)s entitlements billed; the other %(remaining)s are being billed "
                    "in the background.",
                    done=done,
                    remaining=remaining,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------ scheduled job
    @api.model
    @workflow_transition
    def _cron_process_jobs(self):
        """Run one batch of a cycle being generated or paid, and report progress.

        The cycle is claimed with SKIP LOCKED and the program row locked NOWAIT,
        so two workers never process the same cycle; the cron framework calls
        the job again while work remains.
        """
        self.flush_model(["job"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM beneficiary_program_cycle WHERE job != 'none' "
                "ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED"
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return
        cycle = self.browse(row[0])
        # The job runs with the rights of whoever started it.
        starter = cycle.write_uid if cycle.write_uid.active else self.env.user
        cycle = cycle.with_user(starter).with_company(cycle.company_id)
        if cycle.job == "generate":
            done, remaining = cycle._generate_batch()
        else:
            done, remaining = cycle._pay_batch()
        others = self.search_count([("job", "!=", "none"), ("id", "!=", cycle.id)])
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining + others)

    def action_view_entitlements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_program_entitlement_action"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        return action

    def action_view_disbursements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_disbursement_action"
        )
        action["domain"] = [("entitlement_id.cycle_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
