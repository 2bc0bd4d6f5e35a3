from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .beneficiary_workflow_guard_mixin import workflow_transition

MANAGER_GROUP = "beneficiary_relations.group_beneficiary_manager"
DPO_GROUP = "beneficiary_relations.group_beneficiary_dpo"

# Models whose records, chatter and attachments belong to one beneficiary file,
# with the column that leads to it.
FILE_MODELS = {
    "beneficiary.beneficiary": "id",
    "beneficiary.member": "beneficiary_id",
    "beneficiary.income": "beneficiary_id",
    "beneficiary.document": "beneficiary_id",
    "beneficiary.request": "beneficiary_id",
    "beneficiary.complaint": "beneficiary_id",
}

# Free text that may name or describe the person, cleared on anonymisation.
REQUEST_TEXT_FIELDS = (
    "description",
    "referral_note",
    "declaration_signature",
    "declaration_signer",
    "inquiry_answer",
    "delivery_note",
    "cancel_reason",
    "proposed_changes",
)
COMPLAINT_TEXT_FIELDS = ("resolution", "rejection_reason", "escalation_reason")
PARTNER_CLEARED_FIELDS = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "vat",
    "ref",
    "comment",
    "website",
    "function",
    "image_1920",
)

BATCH_SIZE = 100


class BeneficiaryBeneficiary(models.Model):
    """Access logging, retention and anonymisation of the beneficiary file."""

    _name = "beneficiary.beneficiary"
    # The logging mixin first, so that its export hooks wrap the XLSX export.
    _inherit = ["beneficiary.access.logged.mixin", "beneficiary.beneficiary"]

    _access_log_file_field = "id"
    _access_log_categories = {
        "national_id": "file",
        "marital_status": "file",
        "bank_iban": "file",
        "bank_account_id": "file",
        "member_ids": "members",
        "income_line_ids": "income",
        "monthly_income": "income",
        "document_ids": "documents",
        "health_notes": "health",
        "has_chronic_disease": "health",
    }

    anonymised_date = fields.Datetime(string="Anonymised On", readonly=True, copy=False, index=True)
    consent_withdrawn_date = fields.Datetime(
        string="Consent Withdrawn On", readonly=True, copy=False, tracking=True
    )

    # ------------------------------------------------------------------ retention
    def _retention_holds(self, on_request=False):
        """{file: [(until date, reason)]}: what keeps each file's personal data.

        A destruction the person asks for (``on_request``) is held only by an
        open file and the rules the law imposes (``keep_on_request``); the
        scheduled anonymisation waits for every rule's period."""
        today = fields.Date.context_today(self)
        holds = {record: [] for record in self}
        sudo = self.sudo()
        last_service = {}
        for model in ("beneficiary.request", "beneficiary.complaint"):
            for beneficiary, last in (
                self.env[model]
                .sudo()
                ._read_group(
                    [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["received_date:max"]
                )
            ):
                last_service[beneficiary.id] = max(last, last_service.get(beneficiary.id, last))
        last_payment = self._last_payment_dates()
        for company in sudo.company_id:
            rules = self.env["beneficiary.retention.rule"]._periods(company)
            for record in self.filtered(lambda r, company=company: r.company_id == company):
                reasons = holds[record]
                if record.state != "closed":
                    reasons.append(
                        (
                            False,
                            self.env._(
                                "The file is still open: the purpose of the processing has "
                                "not ended."
                            ),
                        )
                    )
                    continue
                starts = {
                    "file": record.closing_date,
                    "service": last_service.get(record.id)
                    and fields.Datetime.to_datetime(last_service[record.id]).date(),
                    "financial": last_payment.get(record.id),
                }
                for record_type, start in starts.items():
                    rule = rules.get(record_type)
                    if not rule or not start or (on_request and not rule.keep_on_request):
                        continue
                    until = start + relativedelta(years=rule.period_years)
                    if until > today:
                        reasons.append(
                            (
                                until,
                                self.env._(
                                    "%(rule)s are kept until %(date)s (%(basis)s).",
                                    rule=rule.display_name,
                                    date=until,
                                    basis=rule.legal_basis
                                    or self.env._("%(years)s years", years=rule.period_years),
                                ),
                            )
                        )
        return holds

    def _last_payment_dates(self):
        """{file id: date of the last aid disbursement or compensation paid}."""
        self.env["beneficiary.disbursement"].flush_model(["date", "state", "beneficiary_id"])
        self.env["beneficiary.compensation"].flush_model(["paid_date", "complaint_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT beneficiary_id, max(day) FROM (
                    SELECT pay.beneficiary_id, pay.date AS day
                      FROM beneficiary_disbursement pay
                     WHERE pay.state = 'confirmed' AND pay.beneficiary_id = ANY(%(ids)s)
                    UNION ALL
                    SELECT cmp.beneficiary_id, comp.paid_date
                      FROM beneficiary_compensation comp
                      JOIN beneficiary_complaint cmp ON cmp.id = comp.complaint_id
                     WHERE comp.paid_date IS NOT NULL AND cmp.beneficiary_id = ANY(%(ids)s)
                ) payments
                GROUP BY beneficiary_id
                """,
                ids=self.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _retention_expired_domain(self):
        return [("state", "=", "closed"), ("anonymised_date", "=", False)]

    @api.model
    def _retention_due(self, limit=None):
        """Closed files whose every retention period has run out."""
        candidates = self.sudo().search(self._retention_expired_domain(), order="closing_date, id")
        due = self.browse()
        for start in range(0, len(candidates), BATCH_SIZE):
            chunk = candidates[start : start + BATCH_SIZE]
            holds = chunk._retention_holds()
            due |= chunk.filtered(lambda r, holds=holds: not holds[r])
            if limit and len(due) >= limit:
                return due[:limit]
        return due

    def action_open_retention_dry_run(self):
        """Managers see which files the next anonymisation run would destroy."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only managers can see the files due for anonymisation."))
        due = self._retention_due()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Files Due for Anonymisation"),
            "res_model": "beneficiary.beneficiary",
            "view_mode": "list,form",
            "domain": [("id", "in", due.ids)],
            "context": {"create": False},
        }

    @api.model
    def _cron_anonymise_expired(self, batch_size=BATCH_SIZE):
        """Anonymise one batch of the files whose retention has run out; the
        scheduler runs the job again at once while some remain."""
        due = self._retention_due()
        batch = due[:batch_size]
        batch._anonymise(self.env._("Retention period over"), channel="system")
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(due) - len(batch))
        return len(batch)

    # ------------------------------------------------------------------ anonymisation
    @workflow_transition
    def _anonymise(self, reason, channel="backend"):
        """Remove every personal and sensitive datum of these files, everywhere:
        the file, its members, income, documents and their files, the free text
        of its requests and complaints, chatter bodies and attachments, and the
        contact (archived, with its portal users).

        What the evidence pack counts stays: the files' category, branch, status
        and dates, and every request, complaint and disbursement with its type,
        channel, dates, status and amounts."""
        if not (self.env.su or self.env.user.has_group(DPO_GROUP)):
            raise AccessError(
                self.env._("Only the data-protection officer can anonymise beneficiary files.")
            )
        files = self.sudo().with_context(
            tracking_disable=True, mail_notrack=True, active_test=False
        )
        if not files:
            return
        self.env["beneficiary.access.log"]._log(files, "anonymise", channel)
        requests = files.env["beneficiary.request"].search([("beneficiary_id", "in", files.ids)])
        complaints = files.env["beneficiary.complaint"].search(
            [("beneficiary_id", "in", files.ids)]
        )
        request_documents = files.env["beneficiary.request.document"].search(
            [("request_id", "in", requests.ids)]
        )
        visits = files.env["beneficiary.visit"].search(
            ["|", ("beneficiary_id", "in", files.ids), ("request_id", "in", requests.ids)]
        )
        data_requests = files.env["beneficiary.data.request"].search(
            [("beneficiary_id", "in", files.ids)]
        )
        partners = files.partner_id
        banks = (
            files.env["res.partner.bank"]
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
        )
        records = {
            "res.partner.bank": banks.ids,
            "beneficiary.request.document": request_documents.ids,
            "beneficiary.visit": visits.ids,
            "beneficiary.data.request": data_requests.ids,
            "beneficiary.beneficiary": files.ids,
            "beneficiary.member": files.member_ids.ids,
            "beneficiary.income": files.income_line_ids.ids,
            "beneficiary.document": files.document_ids.ids,
            "beneficiary.request": requests.ids,
            "beneficiary.complaint": complaints.ids,
            "res.partner": partners.ids,
        }
        files.bank_account_id = False
        # The number goes, the account stays (archived) for the bills it paid.
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner_bank
                   SET acc_number = 'ANON-' || id, sanitized_acc_number = 'ANON' || id,
                       acc_holder_name = NULL, allow_out_payment = FALSE, active = FALSE
                 WHERE id = ANY(%s)
                """,
                banks.ids,
            )
        )
        banks.invalidate_recordset()
        files._anonymise_chatter_and_attachments(records)
        files.document_ids.unlink()
        files.income_line_ids.unlink()
        files.member_ids.unlink()
        requests.write(dict.fromkeys(REQUEST_TEXT_FIELDS, False))
        request_documents.write({"number": False, "attachment_name": False})
        visits.write({"findings": False, "follow_up_actions": False})
        visits.checklist_ids.write({"note": False})
        data_requests.write({"description": False, "answer": False})
        complaints.write(
            dict(
                dict.fromkeys(COMPLAINT_TEXT_FIELDS, False),
                subject=self.env._("Anonymised"),
                description=self.env._("Anonymised"),
            )
        )
        survey_answers = files.env["survey.user_input"].search([("partner_id", "in", partners.ids)])
        survey_answers.write({"email": False, "nickname": False})
        # The number is replaced by a value that is no ID, past its check-digit rule.
        self.env.cr.execute(
            SQL(
                """
                UPDATE beneficiary_beneficiary
                   SET national_id = 'ANON-' || id, residency_status = NULL
                 WHERE id = ANY(%s)
                """,
                files.ids,
            )
        )
        files.invalidate_recordset(["national_id", "residency_status"])
        now = fields.Datetime.now()
        files.write(
            {
                "nationality_id": False,
                "birth_date": False,
                "marital_status": False,
                "housing_type": False,
                "monthly_rent": 0.0,
                "has_disability": False,
                "has_chronic_disease": False,
                "health_notes": False,
                "notes": False,
                "suspension_reason": False,
                "closing_reason": False,
                "committee_user_ids": [(5, 0, 0)],
                "anonymised_date": now,
            }
        )
        for record in files:
            record.partner_id.write(
                dict(
                    dict.fromkeys(PARTNER_CLEARED_FIELDS, False),
                    name=self.env._("Anonymised beneficiary %(file)s", file=record.reference),
                )
            )
        users = files.env["res.users"].search([("partner_id", "in", partners.ids)])
        for user in users:
            user.write({"login": f"anonymised-{user.id}", "active": False})
        partners.write({"active": False})
        for record in files:
            record.message_post(
                body=self.env._("Personal data anonymised: %(reason)s.", reason=reason),
                subtype_xmlid="mail.mt_note",
            )

    def _anonymise_chatter_and_attachments(self, records):
        """Empty the chatter (bodies, tracked values, e-mails and SMS) and delete
        the attachments of ``records`` ({model: ids})."""
        domain = []
        for model, ids in records.items():
            if ids:
                domain = [
                    *(["|"] if domain else []),
                    *domain,
                    "&",
                    ("res_model", "=", model),
                    ("res_id", "in", ids),
                ]
        if not domain:
            return
        Attachment = self.env["ir.attachment"].sudo()
        # Field attachments (document files, signatures, images) are searched too.
        Attachment.search(
            ["&", "|", ("res_field", "=", False), ("res_field", "!=", False), *domain]
        ).unlink()
        message_domain = [
            (("model" if leaf[0] == "res_model" else leaf[0]), *leaf[1:])
            if isinstance(leaf, tuple)
            else leaf
            for leaf in domain
        ]
        messages = self.env["mail.message"].sudo().search(message_domain)
        self.env["mail.tracking.value"].sudo().search(
            [("mail_message_id", "in", messages.ids)]
        ).unlink()
        self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)]).unlink()
        self.env["sms.sms"].sudo().search([("mail_message_id", "in", messages.ids)]).unlink()
        messages.attachment_ids.unlink()
        messages.write(
            {
                "body": self.env._("<p>Anonymised</p>"),
                "subject": False,
                "email_from": False,
                "reply_to": False,
                "record_name": False,
            }
        )

    # ------------------------------------------------------------------ copy of the data
    def _personal_data_export(self):
        data = super()._personal_data_export()

        def text(record, field_name):
            value = record[field_name]
            field = record._fields[field_name]
            if field.type == "selection":
                return dict(field._description_selection(self.env)).get(value, "")
            if field.type == "many2one":
                return value.display_name or ""
            return str(value) if value not in (False, None) else ""

        sudo = self.sudo()
        complaints = sudo.env["beneficiary.complaint"].search([("beneficiary_id", "=", self.id)])
        data["complaints"] = [
            {name: text(complaint, name) for name in ("name", "subject", "state", "received_date")}
            for complaint in complaints
        ]
        disbursements = sudo.env["beneficiary.disbursement"].search(
            [("beneficiary_id", "=", self.id), ("state", "=", "confirmed")]
        )
        data["disbursements"] = [
            {
                name: text(line, name)
                for name in ("name", "request_id", "program_id", "date", "amount")
            }
            for line in disbursements
        ]
        return data
