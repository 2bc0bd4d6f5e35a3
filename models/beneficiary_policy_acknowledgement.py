from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .beneficiary_workflow_guard_mixin import workflow_transition
from .cron_batches import run_in_batches

# Reminders sent per transaction of the scheduled job.
REMINDER_BATCH = 200

ACK_STATES = [("pending", "Not Signed"), ("signed", "Signed")]

# Fields the employee may change on their own acknowledgement before signing it.
_EMPLOYEE_FIELDS = {"signature"}


class BeneficiaryPolicyAcknowledgement(models.Model):
    """An employee's signed acknowledgement of one version of the policy."""

    _name = "beneficiary.policy.acknowledgement"
    _description = "Policy Acknowledgement"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.xlsx.export.mixin",
        "beneficiary.workflow.guard.mixin",
    ]
    _order = "policy_id desc, department_id, employee_id"
    _xlsx_export_fields = (
        "policy_id",
        "policy_version",
        "employee_id",
        "department_id",
        "state",
        "signed_date",
        "last_reminder_date",
        "reminder_count",
    )

    @api.model
    def _evidence_pack_section(self, wizard):
        """Acknowledgement coverage of the policy published by the end of the period."""
        policy = self.env["beneficiary.policy"].search(
            [
                ("company_id", "=", wizard.company_id.id),
                ("state", "in", ("published", "superseded")),
                ("approval_date", "<=", wizard.date_to),
            ],
            order="approval_date desc, id desc",
            limit=1,
        )
        acknowledgements = self.search([("policy_id", "=", policy.id)]) if policy else self
        signed = acknowledgements.filtered(lambda ack: ack.state == "signed")
        total = len(acknowledgements)
        return [
            (self.env._("Employees asked to sign"), total),
            (self.env._("Employees who signed"), len(signed)),
            (
                self.env._("Acknowledgement coverage (%)"),
                round(100.0 * len(signed) / total, 1) if total else 0.0,
            ),
        ]

    _rec_name = "employee_id"
    _workflow_fields = ("state", "signed_date", "last_reminder_date", "reminder_count")

    policy_id = fields.Many2one(
        "beneficiary.policy", required=True, ondelete="cascade", index=True, readonly=True
    )
    policy_version = fields.Char(related="policy_id.version", string="Version")
    policy_body = fields.Html(related="policy_id.body", string="Policy Text")
    employee_id = fields.Many2one(
        "hr.employee", required=True, ondelete="cascade", index=True, readonly=True
    )
    user_id = fields.Many2one(
        related="employee_id.user_id", store=True, index=True, string="Employee User"
    )
    department_id = fields.Many2one(
        related="employee_id.department_id", store=True, index=True, string="Department"
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    state = fields.Selection(
        ACK_STATES,
        string="Status",
        required=True,
        default="pending",
        tracking=True,
        index=True,
        readonly=True,
    )
    signature = fields.Binary(copy=False)
    signed_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    signed_count = fields.Integer(
        compute="_compute_signed_count", store=True, aggregator="sum", string="Signed"
    )
    last_reminder_date = fields.Date(readonly=True, copy=False)
    reminder_count = fields.Integer(readonly=True, copy=False)

    _sql_constraints = [
        (
            "policy_employee_unique",
            "unique(policy_id, employee_id)",
            "An employee acknowledges each version of the policy once.",
        ),
    ]

    def _workflow_actions_hint(self):
        return self.env._("the Sign button of the acknowledgement")

    @api.depends("state")
    def _compute_signed_count(self):
        for acknowledgement in self:
            acknowledgement.signed_count = int(acknowledgement.state == "signed")

    def _is_hr(self):
        return self.env.user.has_group("hr.group_hr_user") or self.env.user.has_group(
            "beneficiary_relations.group_beneficiary_manager"
        )

    def write(self, vals):
        if not self.env.su and not self._is_hr():
            if set(vals) - _EMPLOYEE_FIELDS:
                raise AccessError(
                    self.env._("You can only sign your own acknowledgement of the policy.")
                )
        if any(ack.state == "signed" for ack in self) and "signature" in vals:
            raise UserError(self.env._("A signed acknowledgement cannot be changed."))
        return super().write(vals)

    def action_sign(self):
        """The employee signs with the signature drawn on the form."""
        return self._do_sign(self.signature)

    @workflow_transition
    def _do_sign(self, signature):
        """The employee signs: signature and date, from Odoo."""
        self.ensure_one()
        if self.user_id != self.env.user:
            raise AccessError(
                self.env._(
                    "Only %(employee)s can sign this acknowledgement.",
                    employee=self.employee_id.name,
                )
            )
        if self.state == "signed":
            raise UserError(self.env._("You have already signed this version of the policy."))
        if self.policy_id.state != "published":
            raise UserError(
                self.env._("This version of the policy is no longer the one to acknowledge.")
            )
        if not signature:
            raise UserError(self.env._("Draw your signature before signing."))
        self.sudo().write(
            {"signature": signature, "state": "signed", "signed_date": fields.Datetime.now()}
        )
        self.sudo().activity_ids.filtered(
            lambda activity: activity.user_id == self.env.user
        ).action_feedback(feedback=self.env._("Signed"))
        return True

    def _notify_employees(self):
        """An activity and an e-mail for each employee asked to acknowledge."""
        template = self.env.ref(
            "beneficiary_relations.mail_template_policy_acknowledgement",
            raise_if_not_found=False,
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for acknowledgement in self.filtered("user_id"):
            activities.append(
                {
                    "res_model_id": model_id,
                    "res_id": acknowledgement.id,
                    "activity_type_id": activity_type.id,
                    "user_id": acknowledgement.user_id.id,
                    "summary": self.env._(
                        "Read and sign the beneficiary relations policy (version %(version)s)",
                        version=acknowledgement.policy_id.version,
                    ),
                    "date_deadline": fields.Date.context_today(self)
                    + timedelta(days=acknowledgement.company_id.beneficiary_policy_reminder_days),
                }
            )
        if activities:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                activities
            )
        if template:
            for acknowledgement in self.filtered(lambda ack: ack.employee_id.work_email):
                template.sudo().send_mail(acknowledgement.id)

    @api.model
    @workflow_transition
    def _cron_send_reminders(self, batch_size=REMINDER_BATCH):
        """Remind, once per period, the employees who have not signed after N days."""
        run_in_batches(self, self._send_reminders_batch, batch_size)

    @api.model
    def _send_reminders_batch(self, limit):
        """Remind up to ``limit`` employees; return (done, remaining).

        Safe to run twice or in two overlapping workers: a reminder is sent only
        when the last one is older than the period, and rows being reminded by
        another worker are skipped."""
        today = fields.Date.context_today(self)
        pending = self.sudo().search(
            [("state", "=", "pending"), ("policy_id.state", "=", "published")]
        )
        due = pending.filtered(lambda ack: ack._reminder_due(today))
        if not due:
            return 0, 0
        self.env.cr.execute(
            "SELECT id FROM beneficiary_policy_acknowledgement WHERE id IN %s "
            "ORDER BY id LIMIT %s FOR NO KEY UPDATE SKIP LOCKED",
            [tuple(due.ids), limit],
        )
        locked = self.sudo().browse(row[0] for row in self.env.cr.fetchall())
        for acknowledgement in locked:
            acknowledgement.message_post(
                body=self.env._(
                    "Reminder: please read and sign the beneficiary relations policy "
                    "(version %(version)s).",
                    version=acknowledgement.policy_id.version,
                ),
                partner_ids=acknowledgement.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        # Employees without a user are reminded at their work e-mail.
        template = self.env.ref(
            "beneficiary_relations.mail_template_policy_acknowledgement",
            raise_if_not_found=False,
        )
        if template:
            for acknowledgement in locked.filtered(
                lambda ack: not ack.user_id and ack.employee_id.work_email
            ):
                template.sudo().send_mail(acknowledgement.id)
        locked.write({"last_reminder_date": today})
        for acknowledgement in locked:
            acknowledgement.reminder_count += 1
        return len(locked), len(due) - len(locked)

    def _reminder_due(self, today):
        self.ensure_one()
        period = max(self.company_id.beneficiary_policy_reminder_days, 1)
        start = fields.Date.to_date(self.create_date)
        since = self.last_reminder_date or start
        return (today - since).days >= period

    def action_print_sheet(self):
        return self.env.ref(
            "beneficiary_relations.action_report_policy_acknowledgement"
        ).report_action(self)
