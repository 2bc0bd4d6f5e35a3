from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .beneficiary_workflow_guard_mixin import workflow_transition

COMPLAINT_STATES = [
    # Labels of their own (not shared with requests), so that Arabic can put
    # them in the feminine: الشكوى مستلَمة، مرفوضة، مغلقة.
    ("received", "Filed"),
    ("acknowledged", "Acknowledged"),
    ("review", "Under Review"),
    ("escalated", "Escalated to Management"),
    ("resolved", "Resolved Amicably"),
    ("rejected", "Dismissed"),
    ("closed", "Case Closed"),
]


class BeneficiaryComplaint(models.Model):
    """A complaint from any channel, by a beneficiary or anyone (or anonymous):
    acknowledged, reviewed by the follow-up committee or the officer handling it,
    settled amicably, rejected with reasons or escalated, within its SLA."""

    _name = "beneficiary.complaint"
    _description = "Complaint"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.reference.mixin",
        "beneficiary.service.mixin",
        "beneficiary.xlsx.export.mixin",
        "beneficiary.workflow.guard.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _answered_column = "resolved_date"
    _workflow_fields = (
        "state",
        "acknowledged_date",
        "resolved_date",
        "closed_date",
        "escalated_date",
        "escalation_reason",
    )
    _xlsx_export_fields = (
        "name",
        "received_date",
        "category_id",
        "subject",
        "channel_id",
        "is_anonymous",
        "partner_id",
        "beneficiary_id",
        "officer_id",
        "committee_id",
        "state",
        "deadline_date",
        "acknowledged_date",
        "hours_to_acknowledge",
        "resolved_date",
        "days_to_resolve",
        "escalated_date",
    )
    _xlsx_export_blank_unless = {
        "hours_to_acknowledge": "acknowledged_date",
        "days_to_resolve": "resolved_date",
    }
    _final_states = ("resolved", "rejected", "closed")
    _anonymity_depends = ("is_anonymous",)
    _deadline_depends = ("received_date", "category_id.sla_days", "company_id")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    category_id = fields.Many2one(
        "beneficiary.complaint.category", required=True, tracking=True, index=True
    )
    is_technical = fields.Boolean(related="category_id.is_technical")
    subject = fields.Char(required=True, tracking=True)
    description = fields.Text(required=True)
    # --- complainant
    is_anonymous = fields.Boolean(
        string="Anonymous", help="No personal data is kept and no personal reply is sent."
    )
    partner_id = fields.Many2one(string="Complainant")
    request_id = fields.Many2one(
        "beneficiary.request", string="Related Request", index=True, check_company=True
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    # --- handling
    state = fields.Selection(
        COMPLAINT_STATES,
        string="Status",
        required=True,
        default="received",
        tracking=True,
        index=True,
        copy=False,
    )
    officer_id = fields.Many2one(
        "res.users",
        string="Handled By",
        compute="_compute_officer_id",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        index=True,
    )
    committee_id = fields.Many2one(
        "beneficiary.committee",
        string="Follow-up Committee",
        compute="_compute_committee_id",
        store=True,
        precompute=True,
        readonly=False,
        check_company=True,
        index=True,
    )
    acknowledged_date = fields.Datetime(readonly=True, copy=False)
    deadline_date = fields.Date(string="Resolve By")
    resolved_date = fields.Datetime(string="Decided On", readonly=True, copy=False, index=True)
    closed_date = fields.Datetime(readonly=True, copy=False)
    escalation_reason = fields.Text(readonly=True, copy=False)
    resolution = fields.Text(string="Amicable Settlement", copy=False)
    rejection_reason = fields.Text(copy=False)
    hours_to_acknowledge = fields.Float(compute="_compute_durations", store=True, aggregator="avg")
    days_to_resolve = fields.Float(
        compute="_compute_durations", store=True, aggregator="avg", digits=(16, 1)
    )
    compensation_ids = fields.One2many("beneficiary.compensation", "complaint_id")
    public_ip_hash = fields.Char(
        readonly=True, copy=False, index="btree_not_null", groups="base.group_system"
    )
    compensation_count = fields.Integer(compute="_compute_compensation_count")

    def _workflow_actions_hint(self):
        return self.env._(
            "the complaint's buttons (Acknowledge, Start Review, Settle Amicably, Reject, "
            "Escalate, Close)"
        )

    # ------------------------------------------------------------------ computes
    def _is_anonymous(self):
        self.ensure_one()
        return self.is_anonymous

    def _deadline_days(self):
        self.ensure_one()
        return self.category_id.sla_days if self.category_id else False

    @api.depends("category_id", "beneficiary_id.category_id")
    def _compute_officer_id(self):
        Category = self.env["beneficiary.category"].sudo()
        for complaint in self:
            # Technical complaints go to whoever handles them; others to the contact
            # officer of the beneficiary's category.
            complaint.officer_id = (
                complaint.category_id.responsible_user_id
                or complaint.officer_id
                or Category._officer_for(
                    complaint.beneficiary_id.category_id.sudo(), "general", complaint.company_id
                )
            )

    @api.depends("category_id")
    def _compute_committee_id(self):
        for complaint in self:
            complaint.committee_id = complaint.category_id.committee_id or complaint.committee_id

    @api.depends("received_date", "acknowledged_date", "resolved_date")
    def _compute_durations(self):
        for complaint in self:
            start = complaint.received_date
            ack, done = complaint.acknowledged_date, complaint.resolved_date
            complaint.hours_to_acknowledge = (
                round((ack - start).total_seconds() / 3600, 2) if start and ack else 0.0
            )
            complaint.days_to_resolve = (
                round((done - start).total_seconds() / 86400, 1) if start and done else 0.0
            )

    def _compute_compensation_count(self):
        counts = dict(
            self.env["beneficiary.compensation"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.compensation_count = counts.get(complaint, 0)

    # ------------------------------------------------------------------ constraints
    @api.constrains("is_anonymous", "partner_id", "beneficiary_id")
    def _check_complainant(self):
        for complaint in self:
            if complaint.is_anonymous and (complaint.partner_id or complaint.beneficiary_id):
                raise ValidationError(
                    self.env._("An anonymous complaint cannot name the complainant.")
                )
            if not complaint.is_anonymous and not complaint.partner_id:
                raise ValidationError(
                    self.env._(
                        "Name the complainant of %(complaint)s, or mark the complaint as "
                        "anonymous.",
                        complaint=complaint.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._route_to_contact_officer()
        return complaints

    # ------------------------------------------------------------------ helpers
    def _reply(self, mail_template, sms_template, summary):
        """Answer the complainant on the agreed channel, unless anonymous."""
        self.ensure_one()
        if self.is_anonymous:
            self._message_log(
                body=self.env._("Anonymous complaint: no personal reply is sent."),
            )
            return
        channel = self._answer_channel()
        self._notify_on_channel(
            channel,
            self.partner_id,
            mail_template,
            sms_template,
            self.officer_id or self.received_by_id,
            summary,
        )
        self._message_log(
            body=self.env._("Complainant informed by %(channel)s.", channel=channel.name),
        )

    def _escalation_summary(self):
        self.ensure_one()
        return self.env._(
            "Overdue complaint: it was to be resolved by %(date)s", date=self.deadline_date
        )

    def _escalation_note(self):
        self.ensure_one()
        return self.env._(
            "Escalated to top management: not resolved by %(date)s.", date=self.deadline_date
        )

    def _satisfaction_survey(self):
        self.ensure_one()
        return self.category_id.survey_id

    def _satisfaction_officer(self):
        self.ensure_one()
        return self.officer_id or self.received_by_id

    def _satisfaction_links(self):
        self.ensure_one()
        return {
            "beneficiary_complaint_id": self.id,
            "beneficiary_id": self.beneficiary_id.id,
            "beneficiary_category_id": self.beneficiary_id.category_id.id,
            "beneficiary_channel_id": self.channel_id.id,
            "beneficiary_officer_id": self.officer_id.id,
        }

    @api.model
    def _evidence_pack_section(self, wizard):
        """Complaint figures of the governance evidence pack for the wizard's period."""
        start, end = wizard._utc_bounds()
        company = [("company_id", "=", wizard.company_id.id)]
        received = self.search(
            company + [("received_date", ">=", start), ("received_date", "<", end)]
        )
        decided = self.search(
            company + [("resolved_date", ">=", start), ("resolved_date", "<", end)]
        )
        escalated = self.search_count(
            company + [("escalated_date", ">=", start), ("escalated_date", "<", end)]
        )
        acknowledged = received.filtered("acknowledged_date")
        return [
            (self.env._("Complaints received"), len(received)),
            (self.env._("Anonymous complaints"), len(received.filtered("is_anonymous"))),
            (
                self.env._("Resolved amicably"),
                len(decided.filtered(lambda complaint: complaint.resolution)),
            ),
            (
                self.env._("Rejected with reasons"),
                len(decided.filtered(lambda complaint: complaint.rejection_reason)),
            ),
            (self.env._("Escalated to top management"), escalated),
            (
                self.env._("Average time to acknowledge (hours)"),
                round(sum(acknowledged.mapped("hours_to_acknowledge")) / len(acknowledged), 1)
                if acknowledged
                else None,
            ),
            (
                self.env._("Average time to resolve (days)"),
                round(sum(decided.mapped("days_to_resolve")) / len(decided), 1)
                if decided
                else None,
            ),
        ]

    def _satisfaction_follow_up_user(self):
        self.ensure_one()
        contact = self.env["beneficiary.category"]._officer_for(
            self.beneficiary_id.category_id, "general", self.company_id
        )
        return contact or self.officer_id or self.received_by_id or self.env.user

    # ------------------------------------------------------------------ flow
    @workflow_transition
    def action_acknowledge(self):
        self._check_state(
            ("received",),
            self.env._("Complaint %(record)s cannot be acknowledged in its current status."),
        )
        self.write({"state": "acknowledged", "acknowledged_date": fields.Datetime.now()})
        for complaint in self:
            complaint._reply(
                "beneficiary_relations.mail_template_complaint_ack",
                "beneficiary_relations.sms_template_complaint_ack",
                self.env._("Acknowledge complaint %(complaint)s", complaint=complaint.name),
            )
        return True

    @workflow_transition
    def action_start_review(self):
        self._check_state(
            ("acknowledged",),
            self.env._("Complaint %(record)s cannot be reviewed in its current status."),
        )
        for complaint in self:
            if not complaint.officer_id and not complaint.committee_id:
                raise UserError(
                    self.env._(
                        "Choose who handles complaint %(complaint)s: an officer or the "
                        "follow-up committee.",
                        complaint=complaint.name,
                    )
                )
        self.write({"state": "review"})
        for complaint in self.filtered("officer_id"):
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=complaint.officer_id.id,
                date_deadline=complaint.deadline_date,
                summary=self.env._("Review complaint %(complaint)s", complaint=complaint.name),
            )
        return True

    def action_resolve(self):
        """Amicable settlement: the agreed solution is recorded and the complainant told."""
        self._check_state(
            ("review", "escalated"),
            self.env._("Complaint %(record)s cannot be resolved in its current status."),
        )
        for complaint in self:
            if not (complaint.resolution or "").strip():
                raise UserError(self.env._("Record the amicable settlement first."))
        self._decide("resolved")
        return True

    def action_reject(self):
        self._check_state(
            ("review", "escalated"),
            self.env._("Complaint %(record)s cannot be rejected in its current status."),
        )
        for complaint in self:
            if not (complaint.rejection_reason or "").strip():
                raise UserError(self.env._("Give the reasons of the rejection first."))
        self._decide("rejected")
        return True

    @workflow_transition
    def _decide(self, state):
        self.write({"state": state, "resolved_date": fields.Datetime.now()})
        for complaint in self:
            complaint._reply(
                "beneficiary_relations.mail_template_complaint_outcome",
                "beneficiary_relations.sms_template_complaint_outcome",
                self.env._(
                    "Tell the complainant the outcome of %(complaint)s", complaint=complaint.name
                ),
            )

    def action_escalate(self):
        """Ask the reason, then escalate the complaints to top management."""
        return self.env["beneficiary.reason.wizard"].action_open(
            self, "_do_escalate", self.env._("Escalate to Top Management")
        )

    @workflow_transition
    def _do_escalate(self, reason):
        self._check_state(
            ("acknowledged", "review"),
            self.env._("Complaint %(record)s cannot be escalated in its current status."),
        )
        if not (reason or "").strip():
            raise UserError(self.env._("Please give the reason."))
        self.write(
            {
                "state": "escalated",
                "escalation_reason": reason.strip(),
                "escalated_date": fields.Datetime.now(),
            }
        )
        for complaint in self:
            complaint._schedule_escalation(
                self.env._("Complaint escalated: %(reason)s", reason=reason.strip())
            )
        return True

    @workflow_transition
    def action_close(self):
        self._check_state(
            ("resolved", "rejected"),
            self.env._("Complaint %(record)s cannot be closed in its current status."),
        )
        self.write({"state": "closed", "closed_date": fields.Datetime.now()})
        self._send_satisfaction_surveys()
        return True

    def action_open_compensation(self):
        self.ensure_one()
        if self.is_anonymous:
            raise UserError(self.env._("An anonymous complaint cannot lead to compensation."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compensation"),
            "res_model": "beneficiary.compensation",
            "view_mode": "form",
            "context": {"default_complaint_id": self.id},
        }

    def action_view_compensations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compensation"),
            "res_model": "beneficiary.compensation",
            "view_mode": "list,form",
            "domain": [("complaint_id", "=", self.id)],
            "context": {"default_complaint_id": self.id},
        }
