from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .beneficiary_workflow_guard_mixin import workflow_transition

STATES = [
    ("open", "Open"),
    ("authority_notified", "Authority notified"),
    ("closed", "Closed"),
]

# Personal Data Protection Law: the authority is told within 72 hours.
NOTIFY_HOURS = 72
# Hours left under which an unnotified breach is escalated.
ESCALATE_HOURS = 24

DPO_GROUP = "beneficiary_relations.group_beneficiary_dpo"


class BeneficiaryBreach(models.Model):
    """A personal data breach: when it was found, what and whom it touched, the
    notice to the authority within 72 hours and to the people on their channel."""

    _name = "beneficiary.breach"
    _description = "Personal Data Breach"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.reference.mixin",
        "beneficiary.workflow.guard.mixin",
    ]
    _order = "discovery_date desc, id desc"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "authority_notified_date",
        "people_notified_date",
        "escalated_date",
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    discovery_date = fields.Datetime(
        string="Discovered On", required=True, default=fields.Datetime.now, tracking=True
    )
    notify_deadline = fields.Datetime(
        string="Notify the Authority By",
        compute="_compute_notify_deadline",
        store=True,
        index=True,
    )
    hours_left = fields.Integer(compute="_compute_hours_left")
    description = fields.Text(string="What Happened", required=True)
    cause = fields.Text()
    actions = fields.Text(string="Actions Taken")
    state = fields.Selection(STATES, required=True, default="open", tracking=True, index=True)
    beneficiary_ids = fields.Many2many(
        "beneficiary.beneficiary", string="Affected Files", check_company=True
    )
    affected_count = fields.Integer(compute="_compute_affected_count", string="Affected People")
    data_category_ids = fields.Many2many("beneficiary.data.category", string="Categories of Data")
    authority_notified_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    authority_reference = fields.Char(tracking=True)
    people_notified_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    escalated_date = fields.Datetime(readonly=True, copy=False)

    @api.depends("discovery_date")
    def _compute_notify_deadline(self):
        for breach in self:
            breach.notify_deadline = breach.discovery_date and breach.discovery_date + timedelta(
                hours=NOTIFY_HOURS
            )

    @api.depends("notify_deadline", "authority_notified_date")
    def _compute_hours_left(self):
        now = fields.Datetime.now()
        for breach in self:
            if breach.notify_deadline and not breach.authority_notified_date:
                breach.hours_left = int((breach.notify_deadline - now).total_seconds() // 3600)
            else:
                breach.hours_left = 0

    @api.depends("beneficiary_ids")
    def _compute_affected_count(self):
        for breach in self:
            breach.affected_count = len(breach.beneficiary_ids)

    def _check_dpo(self):
        if not self.env.user.has_group(DPO_GROUP):
            raise AccessError(self.env._("Only the data-protection officer handles breaches."))

    @workflow_transition
    def action_notify_authority(self):
        self._check_dpo()
        for breach in self:
            if breach.state != "open":
                raise UserError(self.env._("The authority was already notified."))
            if not breach.authority_reference:
                raise UserError(
                    self.env._("Enter the reference the authority gave to the notification.")
                )
        self.write(
            {"state": "authority_notified", "authority_notified_date": fields.Datetime.now()}
        )
        return True

    @workflow_transition
    def action_notify_people(self):
        """Tell every affected person, each on their agreed channel."""
        self._check_dpo()
        phone = self.env.ref("beneficiary_relations.channel_phone")
        for breach in self:
            if not breach.beneficiary_ids:
                raise UserError(self.env._("Select the affected files first."))
            sent = 0
            for beneficiary in breach.beneficiary_ids.sudo():
                sent += breach._notify_person(
                    beneficiary, beneficiary.preferred_channel_id or phone
                )
            breach.people_notified_date = fields.Datetime.now()
            breach.message_post(
                body=self.env._(
                    "%(sent)s of %(total)s affected people notified; the others are to be called.",
                    sent=sent,
                    total=len(breach.beneficiary_ids),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _notify_person(self, beneficiary, channel):
        partner = beneficiary.partner_id
        if channel.kind == "email" and partner.email:
            self.message_post_with_source(
                "beneficiary_relations.mail_template_breach_notice",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner.ids,
            )
            return 1
        if channel.kind in ("sms", "whatsapp") and (partner.mobile or partner.phone):
            self._message_sms_with_template(
                template_xmlid="beneficiary_relations.sms_template_breach_notice",
                partner_ids=partner.ids,
            )
            return 1
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.env.user.id,
            summary=self.env._(
                "Tell %(person)s about breach %(reference)s by %(channel)s",
                person=partner.name,
                reference=self.name,
                channel=channel.name,
            ),
        )
        return 0

    @workflow_transition
    def action_close(self):
        self._check_dpo()
        for breach in self:
            if not breach.authority_notified_date or not breach.people_notified_date:
                raise UserError(
                    self.env._("Notify the authority and the affected people before closing.")
                )
            if not (breach.actions or "").strip():
                raise UserError(self.env._("Record the actions taken before closing."))
        self.write({"state": "closed"})
        return True

    @api.model
    @workflow_transition
    def _cron_escalate_near_deadline(self):
        """Escalate, once, every breach whose 72 hours are nearly over without a
        notice to the authority. Safe to run twice and concurrently."""
        limit = fields.Datetime.now() + timedelta(hours=ESCALATE_HOURS)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM beneficiary_breach
                 WHERE escalated_date IS NULL AND authority_notified_date IS NULL
                   AND state = 'open' AND notify_deadline <= %s
                   FOR UPDATE SKIP LOCKED
                """,
                limit,
            )
        )
        breaches = self.browse([row[0] for row in self.env.cr.fetchall()])
        if not breaches:
            return True
        breaches.write({"escalated_date": fields.Datetime.now()})
        dpo = self.env.ref(DPO_GROUP).users
        Company = self.env["res.company"]
        for breach in breaches:
            users = (dpo | Company._beneficiary_escalation_users(breach.company_id)).filtered(
                lambda user, breach=breach: user.active and breach.company_id in user.company_ids
            ) - self.env.ref("base.user_root")
            for user in users:
                breach.activity_schedule(
                    "beneficiary_relations.mail_activity_type_escalation",
                    user_id=user.id,
                    summary=self.env._(
                        "Breach %(reference)s: notify the authority by %(deadline)s",
                        reference=breach.name,
                        deadline=fields.Datetime.context_timestamp(
                            breach, breach.notify_deadline
                        ).strftime("%Y-%m-%d %H:%M"),
                    ),
                )
        return True
