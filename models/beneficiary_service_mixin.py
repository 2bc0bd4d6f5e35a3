import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from .beneficiary_workflow_guard_mixin import workflow_transition
from .cron_batches import run_in_batches

# Records escalated per transaction of the scheduled job.
ESCALATION_BATCH = 200


class BeneficiaryServiceMixin(models.AbstractModel):
    """What requests and complaints share: answering on the person's agreed
    channel, and escalating to top management what is overdue.

    Models using it have ``company_id``, ``deadline_date`` (date) and
    ``escalated_date`` (datetime) columns, and name in ``_answered_column`` the
    datetime column that is set once the person has been answered.
    """

    _name = "beneficiary.service.mixin"
    _description = "Answered and escalated service"

    _answered_column = "answer_date"
    _final_states = ("closed", "cancelled")

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
        today = fields.Date.context_today(self)
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
        Company = self.env["res.company"]
        for record in records:
            for manager in Company._beneficiary_escalation_users(record.company_id):
                record.activity_schedule(
                    "beneficiary_relations.mail_activity_type_escalation",
                    user_id=manager.id,
                    summary=record._escalation_summary(),
                )
            record.message_post(body=record._escalation_note(), subtype_xmlid="mail.mt_note")
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT COUNT(*) FROM %s WHERE %s", SQL.identifier(self._table), overdue)
        )
        return len(records), self.env.cr.fetchone()[0]
