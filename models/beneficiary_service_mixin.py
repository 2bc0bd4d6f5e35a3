import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from .beneficiary_workflow_guard_mixin import workflow_transition
from .cron_batches import run_in_batches

# Records escalated per transaction of the scheduled job.
ESCALATION_BATCH = 200


class BeneficiaryServiceMixin(models.AbstractModel):
    """What requests, complaints and personal data requests share: who brought
    them in and on which channel, who the person is and on which channel they are
    answered, the deadline and what is overdue, escalation to top management and
    the satisfaction survey once the service is given.

    A model names in ``_answered_column`` the datetime column set once the person
    has been answered, in ``_final_states`` the states where nothing is awaited,
    and computes ``deadline_date`` from ``_deadline_start`` and ``_deadline_days``.
    """

    _name = "beneficiary.service.mixin"
    _description = "Answered and escalated service"

    _answered_column = "answer_date"
    _final_states = ("closed", "cancelled")
    # Fields the person and answer channel also depend on (e.g. anonymity).
    _anonymity_depends = ()
    # Fields the deadline depends on.
    _deadline_depends = ("received_date", "company_id")

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    channel_id = fields.Many2one(
        "beneficiary.channel", string="Received Through", required=True, tracking=True, index=True
    )
    received_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, tracking=True)
    received_date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        compute="_compute_partner_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", "Beneficiary File", index=True, tracking=True, check_company=True
    )
    answer_channel_id = fields.Many2one(
        "beneficiary.channel",
        string="Answer Through",
        compute="_compute_answer_channel_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('can_reply', '=', True)]",
    )
    deadline_date = fields.Date(
        string="Answer Deadline", compute="_compute_deadline_date", store=True, index=True
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    escalated_date = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------ computes
    def _is_anonymous(self):
        """Whether this record keeps no person to answer (anonymous complaints)."""
        self.ensure_one()
        return False

    @api.depends(lambda self: ("beneficiary_id", *self._anonymity_depends))
    def _compute_partner_id(self):
        for record in self:
            record.partner_id = not record._is_anonymous() and (
                record.beneficiary_id.partner_id or record.partner_id
            )

    @api.depends(
        lambda self: (
            "beneficiary_id.preferred_channel_id",
            "channel_id",
            *self._anonymity_depends,
        )
    )
    def _compute_answer_channel_id(self):
        for record in self:
            received_on = record.channel_id if record.channel_id.can_reply else False
            record.answer_channel_id = not record._is_anonymous() and (
                record.beneficiary_id.preferred_channel_id
                or received_on
                or record.answer_channel_id
            )

    def _answer_channel(self):
        """The channel the person is answered on."""
        self.ensure_one()
        return self.answer_channel_id or self.channel_id

    def _deadline_start(self):
        """The datetime the answer period starts from (False: not started)."""
        self.ensure_one()
        return self.received_date

    def _deadline_days(self):
        """Working days of the answer period (False: no period)."""
        raise NotImplementedError

    @api.depends(lambda self: self._deadline_depends)
    def _compute_deadline_date(self):
        for record in self:
            start, days = record._deadline_start(), record._deadline_days()
            record.deadline_date = (
                record.company_id._beneficiary_add_working_days(record._local_date(start), days)
                if start and days is not False
                else False
            )

    @api.depends(lambda self: ("deadline_date", self._answered_column, "state"))
    def _compute_is_overdue(self):
        for record in self:
            record.is_overdue = bool(
                record.deadline_date
                and not record[self._answered_column]
                and record.state not in self._final_states
                and record._local_date(fields.Datetime.now()) > record.deadline_date
            )

    def _unanswered_domain(self):
        return [
            ("deadline_date", "!=", False),
            (self._answered_column, "=", False),
            ("state", "not in", self._final_states),
        ]

    def _search_unanswered(self, operator, value, domain):
        """The records matching ``domain`` among the unanswered ones, or the others."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("This search is not supported: use is set or is not set."))
        domain = self._unanswered_domain() + domain
        positive = (operator == "=") == value
        return domain if positive else ["!", *expression.normalize_domain(domain)]

    def _service_today(self):
        """Today in the time zone of the company's SLA calendar, the calendar of
        the deadlines (not the acting user's nor the server's)."""
        now = pytz.utc.localize(fields.Datetime.now())
        tz = self.env.company.sudo()._beneficiary_calendar().tz or "Asia/Riyadh"
        return now.astimezone(pytz.timezone(tz)).date()

    def _search_is_overdue(self, operator, value):
        today = self._service_today()
        return self._search_unanswered(operator, value, [("deadline_date", "<", today)])

    def _local_date(self, value):
        """The date of a UTC datetime in the time zone of the company's SLA calendar."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.sudo()._beneficiary_calendar().tz or "Asia/Riyadh")
        return pytz.utc.localize(value).astimezone(tz).date()

    def _notify_on_channel(
        self, channel, partner, mail_template, sms_template, responsible, summary, target=None
    ):
        """Send ``target`` (default: this record) through ``channel`` with the e-mail
        or SMS template, or give ``responsible`` an activity on this record to do it
        by hand (phone, letter, interview, or no address for the channel).

        Returns whether something was sent."""
        self.ensure_one()
        target = target or self
        kind = channel.kind
        author = {}
        if not self.env.user.email:
            # The association writes: no step depends on the acting user's address.
            company_partner = (self.company_id or self.env.company).partner_id
            sender = company_partner if company_partner.email else self.env.ref("base.partner_root")
            target = target.sudo()
            author = {"author_id": sender.id, "email_from": sender.email_formatted}
        if kind == "email" and partner.email:
            target.message_post_with_source(
                mail_template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner.ids,
                **author,
            )
            return True
        if kind in ("sms", "whatsapp") and (partner.mobile or partner.phone):
            target._message_sms_with_template(
                template_xmlid=sms_template, partner_ids=partner.ids, **author
            )
            return True
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=(responsible or self.env.user).id,
            summary=summary,
        )
        return False

    # ------------------------------------------------------------------ satisfaction
    def _satisfaction_links(self):
        """Values linking a survey answer back to this record (overridden)."""
        raise NotImplementedError

    def _satisfaction_survey(self):
        """The survey asked about this record (overridden), else the shipped one."""
        self.ensure_one()
        return self.env["survey.survey"]

    def _satisfaction_officer(self):
        """Who asks the survey by hand when no link can be sent."""
        self.ensure_one()
        return self.received_by_id

    def _send_satisfaction_surveys(self):
        """Invite each person answered to the satisfaction survey, on their channel."""
        default_survey = self.env.ref(
            "beneficiary_relations.survey_satisfaction", raise_if_not_found=False
        )
        for record in self:
            if record._is_anonymous():
                continue
            record._send_satisfaction_survey(
                record._satisfaction_survey() or default_survey,
                record.partner_id,
                record._answer_channel(),
                record._satisfaction_officer(),
            )

    def _send_satisfaction_survey(self, survey, partner, channel, officer):
        """Invite ``partner`` to ``survey`` about this record, on ``channel``."""
        self.ensure_one()
        # Officers send surveys without being survey managers.
        survey = survey.sudo()
        # An archived survey means the association stopped this evaluation.
        if not survey or not survey.active or not partner:
            return self.env["survey.user_input"]
        answer = survey._create_answer(
            partner=partner, check_attempts=False, **self._satisfaction_links()
        )
        sent = self._notify_on_channel(
            channel,
            partner,
            "beneficiary_relations.mail_template_satisfaction_invite",
            "beneficiary_relations.sms_template_satisfaction_invite",
            officer,
            self.env._(
                "Ask %(partner)s the satisfaction survey by %(channel)s",
                partner=partner.name,
                channel=channel.name,
            ),
            target=answer,
        )
        self._message_log(
            body=self.env._(
                "Satisfaction survey %(survey)s sent by %(channel)s.",
                survey=survey.title,
                channel=channel.name,
            )
            if sent
            else self.env._(
                "Satisfaction survey %(survey)s to be done by %(channel)s.",
                survey=survey.title,
                channel=channel.name,
            ),
        )
        return answer

    def _route_to_contact_officer(self, summary=None):
        """Give each record's contact officer a to-do to follow it up.

        Requests and complaints both have ``officer_id``. The to-dos are created
        in one batch, without the assignment e-mail: the officer sees them in the
        activity menu."""
        records = self.filtered("officer_id")
        if not records:
            return self.env["mail.activity"]
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "activity_type_id": activity_type.id,
                        "user_id": record.officer_id.id,
                        "summary": summary
                        or self.env._(
                            "New %(reference)s for your category", reference=record.display_name
                        ),
                    }
                    for record in records
                ]
            )
        )

    def _escalation_summary(self):
        self.ensure_one()
        return self.env._(
            "Overdue request: the answer was due on %(date)s", date=self.deadline_date
        )

    def _escalation_note(self):
        self.ensure_one()
        return self.env._(
            "Escalated to top management: no answer by the deadline of %(date)s.",
            date=self.deadline_date,
        )

    @api.model
    @workflow_transition
    def _cron_escalate_overdue(self, batch_size=ESCALATION_BATCH):
        """Escalate every overdue, unanswered record to top management, once."""
        run_in_batches(self, self._escalate_overdue_batch, batch_size)
        return True

    def _escalate_overdue_batch(self, limit):
        """Escalate up to ``limit`` overdue records; return (done, remaining).

        Rows are claimed with ``FOR UPDATE SKIP LOCKED`` so that two overlapping
        runs never escalate the same record, and the ``escalated_date`` they set
        keeps later runs from doing it again.
        """
        today = self._service_today()
        self.env.flush_all()
        overdue = SQL(
            "escalated_date IS NULL AND %s IS NULL AND deadline_date < %s AND state NOT IN %s",
            SQL.identifier(self._answered_column),
            today,
            self._final_states,
        )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE %s ORDER BY deadline_date, id LIMIT %s "
                "FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                overdue,
                limit,
            )
        )
        records = self.browse([row[0] for row in self.env.cr.fetchall()])
        if not records:
            return 0, 0
        records.write({"escalated_date": fields.Datetime.now()})
        for record in records:
            record._schedule_escalation(record._escalation_summary())
            record.message_post(body=record._escalation_note(), subtype_xmlid="mail.mt_note")
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT COUNT(*) FROM %s WHERE %s", SQL.identifier(self._table), overdue)
        )
        return len(records), self.env.cr.fetchone()[0]

    def _schedule_escalation(self, summary):
        """Give each top manager of the record's company an escalation activity."""
        self.ensure_one()
        for manager in self.env["res.company"]._beneficiary_escalation_users(self.company_id):
            self.activity_schedule(
                "beneficiary_relations.mail_activity_type_escalation",
                user_id=manager.id,
                summary=summary,
            )
