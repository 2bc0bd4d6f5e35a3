import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .beneficiary_request import SLA_STATUSES
from .beneficiary_workflow_guard_mixin import workflow_transition

REQUEST_KINDS = [
    ("access", "Access and copy"),
    ("correction", "Correction"),
    ("destruction", "Destruction"),
    ("withdrawal", "Withdrawal of consent"),
    ("objection", "Objection to processing"),
]

STATES = [
    ("received", "Received"),
    ("in_progress", "In progress"),
    ("done", "Answered"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]

# Personal Data Protection Law, implementing regulation: 30 days to answer.
ANSWER_DAYS = 30
# Days left under which an open request is shown as at risk.
AT_RISK_DAYS = 7

DPO_GROUP = "beneficiary_relations.group_beneficiary_dpo"

# Sections of the personal data copy: (key, model whose field labels name the values).
BUNDLE_SECTIONS = (
    ("members", "beneficiary.member"),
    ("income", "beneficiary.income"),
    ("documents", "beneficiary.document"),
    ("requests", "beneficiary.request"),
    ("complaints", "beneficiary.complaint"),
    ("disbursements", "beneficiary.disbursement"),
)


class BeneficiaryDataRequest(models.Model):
    """A data subject's request under the Personal Data Protection Law: access
    and a copy of their data, correction, destruction, withdrawal of consent or
    objection, answered within 30 days and escalated like any overdue request."""

    _name = "beneficiary.data.request"
    _description = "Personal Data Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.reference.mixin",
        "beneficiary.service.mixin",
        "beneficiary.workflow.guard.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _final_states = ("done", "refused", "cancelled")
    _workflow_fields = (
        "state",
        "answer_date",
        "escalated_date",
        "refusal_reason",
        "update_request_id",
        "bundle_attachment_ids",
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    request_kind = fields.Selection(
        REQUEST_KINDS, string="Request", required=True, tracking=True, index=True
    )
    beneficiary_id = fields.Many2one(required=True)
    partner_id = fields.Many2one(string="Person", readonly=True)
    # Chosen once the file's preferences are known, when the request is first read.
    answer_channel_id = fields.Many2one(precompute=False)
    description = fields.Text(string="Details")
    state = fields.Selection(
        STATES, required=True, default="received", tracking=True, index=True, copy=False
    )
    deadline_date = fields.Date(string="Answer By")
    answer_date = fields.Datetime(string="Answered On", readonly=True, copy=False, index=True)
    sla_status = fields.Selection(SLA_STATUSES, compute="_compute_sla_status", string="SLA")
    days_remaining = fields.Integer(compute="_compute_sla_status")
    answer = fields.Text(copy=False, tracking=True)
    refusal_reason = fields.Text(readonly=True, copy=False)
    update_request_id = fields.Many2one(
        "beneficiary.request", string="Data Update Request", readonly=True, copy=False
    )
    bundle_attachment_ids = fields.Many2many(
        "ir.attachment", string="Personal Data Copy", readonly=True, copy=False
    )

    @api.depends("beneficiary_id", "channel_id")
    def _compute_answer_channel_id(self):
        for record in self:
            record.answer_channel_id = (
                record.answer_channel_id
                or record.beneficiary_id.preferred_channel_id
                or (record.channel_id if record.channel_id.can_reply else False)
            )

    @api.depends("received_date", "company_id")
    def _compute_deadline_date(self):
        for record in self:
            record.deadline_date = (
                record._local_date(record.received_date) + timedelta(days=ANSWER_DAYS)
                if record.received_date
                else False
            )

    @api.depends("deadline_date", "answer_date", "state")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for record in self:
            # The deadline is a date of the company's SLA calendar: so is today.
            today = record._local_date(now)
            record.days_remaining = 0
            if not record.deadline_date or record.state == "cancelled":
                record.sla_status = "not_started"
            elif record.answer_date:
                on_time = record._local_date(record.answer_date) <= record.deadline_date
                record.sla_status = "answered_on_time" if on_time else "answered_late"
            else:
                record.days_remaining = (record.deadline_date - today).days
                if record.days_remaining < 0:
                    record.sla_status = "overdue"
                elif record.days_remaining <= AT_RISK_DAYS:
                    record.sla_status = "at_risk"
                else:
                    record.sla_status = "on_track"

    def _escalation_summary(self):
        self.ensure_one()
        return self.env._(
            "Overdue personal data request: the answer was due on %(date)s",
            date=self.deadline_date,
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        dpo_users = self.env.ref(DPO_GROUP).users.filtered(lambda user: user.active)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": self.env._("Answer %(reference)s", reference=record.name),
                    "date_deadline": record.deadline_date,
                }
                for record in records
                for user in dpo_users
                if record.company_id in user.company_ids
            ]
        )
        return records

    # ------------------------------------------------------------------ steps
    def _check_dpo(self):
        if not self.env.user.has_group(DPO_GROUP):
            raise AccessError(
                self.env._("Only the data-protection officer answers personal data requests.")
            )

    def _check_open(self):
        for record in self:
            if record.state not in ("received", "in_progress"):
                raise UserError(
                    self.env._("Request %(reference)s is already closed.", reference=record.name)
                )

    def _close(self, state, **values):
        values.update(state=state, answer_date=fields.Datetime.now())
        self.write(values)
        for record in self:
            # The answer channel and the person's contact are read for the sending only.
            record.sudo()._notify_answer()

    def _notify_answer(self):
        self.ensure_one()
        channel = self.answer_channel_id or self.env.ref("beneficiary_relations.channel_phone")
        self._notify_on_channel(
            channel,
            self.partner_id,
            "beneficiary_relations.mail_template_data_request_answer",
            "beneficiary_relations.sms_template_data_request_answer",
            self.env.user,
            self.env._(
                "Tell %(person)s the answer to %(reference)s",
                person=self.partner_id.name,
                reference=self.name,
            ),
        )

    @workflow_transition
    def action_process(self):
        """Carry out the request; each kind does what the law asks for it."""
        self._check_dpo()
        self._check_open()
        for record in self:
            getattr(record.sudo(), f"_process_{record.request_kind}")()
        return True

    def _process_access(self):
        """Attach a copy of the person's data (JSON and PDF) and send it."""
        beneficiary = self.beneficiary_id
        data = beneficiary._personal_data_export()
        stem = self.name.replace("/", "-")
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang=self.partner_id.lang or self.env.user.lang)
            ._render_qweb_pdf(
                "beneficiary_relations.beneficiary_data_request_report_bundle", self.ids
            )
        )
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": f"{stem}.json",
                    "raw": json.dumps(data, ensure_ascii=False, indent=2).encode(),
                    "mimetype": "application/json",
                    "res_model": self._name,
                    "res_id": self.id,
                },
                {
                    "name": f"{stem}.pdf",
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                },
            ]
        )
        self.env["beneficiary.access.log"]._log(beneficiary, "bundle")
        self._close("done", bundle_attachment_ids=[(6, 0, attachments.ids)])
        self.message_post(
            body=self.env._("The copy of the personal data is ready."),
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _process_correction(self):
        """Send the asked corrections to the officers' data-update review."""
        if self.update_request_id:
            raise UserError(self.env._("The correction is already under review."))
        update_type = self.env.ref("beneficiary_relations.request_type_data_update")
        update = self.env["beneficiary.request"].create(
            {
                "type_id": update_type.id,
                "beneficiary_id": self.beneficiary_id.id,
                "applicant_national_id": self.beneficiary_id.national_id,
                "channel_id": self.channel_id.id,
                "received_by_id": self.env.user.id,
                "description": self.description or self.env._("Correction of personal data"),
                "company_id": self.company_id.id,
            }
        )
        self.write({"state": "in_progress", "update_request_id": update.id})
        self.message_post(
            body=self.env._(
                "Sent to the data-update review as %(reference)s.", reference=update.name
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _process_destruction(self):
        holds = self.beneficiary_id._retention_holds(on_request=True)[self.beneficiary_id]
        if holds:
            self._do_refuse("\n".join(reason for _until, reason in holds))
            return
        # The address is taken before it is destroyed: the confirmation goes
        # out once, linked to no record, and leaves the queue when sent.
        partner = self.partner_id
        kind = (self.answer_channel_id or self.channel_id).kind
        email, number = partner.email, partner.mobile or partner.phone
        self.beneficiary_id._anonymise(
            self.env._("destruction asked in %(reference)s", reference=self.name)
        )
        answer = self.env._(
            "%(company)s: your personal data was destroyed as you asked in %(reference)s.",
            company=self.company_id.name,
            reference=self.name,
        )
        self.write({"state": "done", "answer_date": fields.Datetime.now(), "answer": answer})
        if kind == "email" and email:
            self.env["mail.mail"].create(
                {
                    "subject": answer,
                    "body_html": f"<p>{answer}</p>",
                    "email_to": email,
                    "auto_delete": True,
                }
            )
        elif kind in ("sms", "whatsapp") and number:
            # The SMS queue deletes sent messages.
            self.env["sms.sms"].create({"number": number, "body": answer})
        else:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.env.user.id,
                summary=self.env._(
                    "Confirm the destruction of %(reference)s to %(contact)s",
                    reference=self.name,
                    contact=number or email or self.env._("the person"),
                ),
            )

    def _process_withdrawal(self):
        self.beneficiary_id.with_context(tracking_disable=False).write(
            {
                "consent_date": False,
                "consent_version": False,
                "consent_withdrawn_date": fields.Datetime.now(),
            }
        )
        self.beneficiary_id.message_post(
            body=self.env._(
                "Consent to the processing of personal data withdrawn (%(reference)s).",
                reference=self.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._close(
            "done",
            answer=self.answer
            or self.env._("Your consent was withdrawn; your data is no longer processed on it."),
        )

    def _process_objection(self):
        if not (self.answer or "").strip():
            raise UserError(self.env._("Write the answer to the objection first."))
        self._close("done")

    @workflow_transition
    def action_done(self):
        """A correction whose data-update review is over is answered."""
        self._check_dpo()
        self._check_open()
        for record in self:
            if record.request_kind != "correction" or not record.update_request_id:
                raise UserError(self.env._("Process the request first."))
            if record.update_request_id.sudo().state not in ("closed", "cancelled"):
                raise UserError(
                    self.env._(
                        "The data-update review %(reference)s is not finished yet.",
                        reference=record.update_request_id.sudo().name,
                    )
                )
        self._close("done")
        return True

    def action_refuse(self):
        """Ask the reason, then refuse the request."""
        return self.env["beneficiary.reason.wizard"].action_open(
            self, "_do_refuse", self.env._("Refuse the Request")
        )

    @workflow_transition
    def _do_refuse(self, reason):
        self._check_dpo()
        self._check_open()
        if not (reason or "").strip():
            raise UserError(self.env._("Please give the reason."))
        self._close("refused", refusal_reason=reason.strip(), answer=reason.strip())
        return True

    @workflow_transition
    def action_cancel(self):
        self._check_open()
        self.write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------------ copy
    def _bundle_sections(self):
        """The person's data as labelled sections for the PDF copy: exactly what
        the JSON copy holds, nothing of anyone else."""
        self.ensure_one()
        data = self.sudo().beneficiary_id._personal_data_export()

        def labels(model):
            fields_ = self.env[model]._fields
            return lambda key: (
                fields_[key].get_description(self.env)["string"] if key in fields_ else key
            )

        file_label = labels("beneficiary.beneficiary")
        sections = [
            {
                "title": self.env._("Beneficiary File"),
                "rows": [
                    [
                        (file_label(key), value)
                        for key, value in data.items()
                        if not isinstance(value, list)
                    ]
                ],
            }
        ]
        titles = {
            "members": self.env._("Family Members"),
            "income": self.env._("Income Sources"),
            "documents": self.env._("Documents"),
            "requests": self.env._("Requests"),
            "complaints": self.env._("Complaints"),
            "disbursements": self.env._("Disbursements"),
        }
        for key, model in BUNDLE_SECTIONS:
            label = labels(model)
            sections.append(
                {
                    "title": titles[key],
                    "rows": [
                        [(label(name), value) for name, value in line.items()]
                        for line in data.get(key, [])
                    ],
                }
            )
        return sections

    def _bundle_download_attachment(self, extension):
        """The copy's file of this request for the portal, or nothing."""
        self.ensure_one()
        return self.sudo().bundle_attachment_ids.filtered(
            lambda attachment: attachment.name.endswith(extension)
        )[:1]

    @api.model
    def _portal_create(self, beneficiary, kind, description):
        """A request the person files from the portal (their own file only)."""
        if kind not in dict(REQUEST_KINDS):
            raise UserError(self.env._("Choose what you ask for."))
        if beneficiary.partner_id != self.env.user.partner_id:
            raise AccessError(self.env._("You can only ask about your own data."))
        return (
            self.sudo()
            .with_company(beneficiary.company_id)
            .create(
                {
                    "request_kind": kind,
                    "beneficiary_id": beneficiary.id,
                    "company_id": beneficiary.company_id.id,
                    "channel_id": self.env.ref("beneficiary_relations.channel_website").id,
                    "received_by_id": False,
                    "description": (description or "").strip() or False,
                }
            )
        )
