import hashlib
import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.hijri import format_hijri, to_hijri
from ..tools.national_id import normalize_national_id
from ..tools.xlsx import XlsxColumn
from .beneficiary_workflow_guard_mixin import workflow_transition

REQUEST_STATES = [
    ("received", "Received"),
    ("complete", "Complete"),
    ("study", "Under Study"),
    ("committee", "In Committee"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]

SLA_STATUSES = [
    ("not_started", "Clock not started"),
    ("on_track", "On track"),
    ("at_risk", "At risk"),
    ("overdue", "Overdue"),
    ("answered_on_time", "Answered on time"),
    ("answered_late", "Answered late"),
]

# Working days left under which an unanswered request is shown as at risk.
AT_RISK_DAYS = 3

FINAL_STATES = ("closed", "cancelled")


class BeneficiaryRequest(models.Model):
    """A transaction (معاملة): received on a channel, checked complete, studied,
    decided by a committee and answered on the applicant's channel in time."""

    _name = "beneficiary.request"
    _description = "Beneficiary Request"
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
    _final_states = FINAL_STATES
    _deadline_depends = ("complete_date", "type_id.sla_days", "company_id")
    _workflow_fields = (
        "state",
        "decision_id",
        "complete_date",
        "escalated_date",
        "notice_state",
        "notice_due_date",
        "answer_date",
        "delivery_date",
        "cancel_reason",
        "declaration_signature",
        "declaration_signer",
        "declaration_date",
        "declaration_hash",
        "proposed_changes",
        "disbursed_amount",
        "disbursement_cap",
    )
    _xlsx_export_fields = (
        "name",
        "type_id",
        "beneficiary_id",
        "partner_id",
        "category_id",
        "channel_id",
        "branch_id",
        "received_date",
        "state",
        "complete_date",
        "deadline_date",
        "sla_status",
        "days_remaining",
        "answer_date",
        "time_to_answer",
        "researcher_id",
        "committee_id",
        "decision_outcome",
        "approved_amount",
        "escalated_date",
    )
    _xlsx_export_blank_unless = {
        "days_remaining": ("sla_status", ("on_track", "at_risk", "overdue")),
        "time_to_answer": "answer_date",
        "approved_amount": ("decision_outcome", ("approve",)),
    }

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index=True,
    )
    type_id = fields.Many2one(
        "beneficiary.request.type", string="Request Type", required=True, tracking=True, index=True
    )
    kind = fields.Selection(related="type_id.kind", store=True, index=True)
    partner_id = fields.Many2one(string="Applicant", required=True)
    applicant_national_id = fields.Char(
        string="Applicant's National ID / Iqama",
        compute="_compute_applicant_national_id",
        store=True,
        precompute=True,
        readonly=False,
        help="As given on the request (taken from the beneficiary file when one is chosen); "
        "it must match the file.",
    )
    category_id = fields.Many2one(
        related="beneficiary_id.category_id",
        store=True,
        index=True,
        string="Category",
        precompute=True,
    )
    branch_id = fields.Many2one(
        "beneficiary.branch",
        compute="_compute_branch_id",
        store=True,
        precompute=True,
        readonly=False,
        check_company=True,
    )
    description = fields.Text(string="Request Details")
    currency_id = fields.Many2one(related="company_id.currency_id")
    requested_amount = fields.Monetary()
    aid_kind = fields.Selection([("financial", "Financial"), ("in_kind", "In kind")])
    proposal_source = fields.Selection(
        [
            ("beneficiary", "A beneficiary"),
            ("community", "The community"),
            ("ministry", "The supervising ministry"),
        ]
    )
    state = fields.Selection(
        REQUEST_STATES,
        string="Status",
        required=True,
        default="received",
        tracking=True,
        index=True,
        copy=False,
    )
    document_line_ids = fields.One2many(
        "beneficiary.request.document", "request_id", string="Documents", copy=False
    )
    missing_items = fields.Text(compute="_compute_missing_items", string="What Is Missing")
    # --- the clock
    complete_date = fields.Datetime(string="Complete On", readonly=True, copy=False, tracking=True)
    deadline_date = fields.Date(string="Answer Deadline")
    deadline_date_hijri = fields.Char(
        string="Answer Deadline (Hijri)", compute="_compute_deadline_date_hijri"
    )
    earliest_answer_date = fields.Date(
        string="Answer Not Before", compute="_compute_earliest_answer_date", store=True
    )
    days_remaining = fields.Integer(
        compute="_compute_sla_status", help="Working days left until the answer deadline."
    )
    sla_status = fields.Selection(SLA_STATUSES, compute="_compute_sla_status", string="SLA")
    is_overdue = fields.Boolean(compute="_compute_sla_status")
    is_at_risk = fields.Boolean(compute="_compute_sla_status", search="_search_is_at_risk")
    # --- study
    researcher_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        tracking=True,
        index=True,
        help="Social researcher or domain officer studying the request.",
    )
    referral_note = fields.Text()
    # --- routing to the contact officer of the category and domain
    officer_domain = fields.Selection(
        related="type_id.officer_domain", store=True, string="Domain", index=True
    )
    officer_id = fields.Many2one(
        "res.users",
        string="Contact Officer",
        compute="_compute_officer_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="The contact officer of the beneficiary's category for the request's domain "
        "(or the category's general officer): the applicant's point of contact.",
    )

    visit_ids = fields.One2many("beneficiary.visit", "request_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")
    # --- declaration
    declaration_required = fields.Boolean(related="type_id.declaration_required")
    declaration_signature = fields.Image(
        string="Signature", max_width=1024, max_height=512, copy=False, attachment=True
    )
    declaration_signer = fields.Char(string="Signed By", copy=False)
    declaration_date = fields.Datetime(string="Signed On", copy=False, readonly=True)
    declaration_hash = fields.Char(copy=False, readonly=True)
    declaration_valid = fields.Boolean(
        compute="_compute_declaration_valid",
        store=True,
        help="False when not signed, or when the request's data changed after signing.",
    )
    # --- committee
    committee_id = fields.Many2one(
        "beneficiary.committee",
        compute="_compute_committee_id",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        index=True,
        check_company=True,
    )
    decision_ids = fields.One2many(
        "beneficiary.committee.decision", "request_id", string="Decisions"
    )
    decision_id = fields.Many2one("beneficiary.committee.decision", readonly=True, copy=False)
    decision_outcome = fields.Selection(related="decision_id.outcome", string="Outcome")
    decision_outcome_label = fields.Char(compute="_compute_decision_outcome_label")
    approved_amount = fields.Monetary(related="decision_id.approved_amount")
    # --- answer
    notice_state = fields.Selection(
        [("none", "Not due"), ("scheduled", "Scheduled"), ("sent", "Sent")],
        default="none",
        readonly=True,
        copy=False,
        tracking=True,
    )
    notice_due_date = fields.Date(readonly=True, copy=False)
    answer_date = fields.Datetime(string="Answered On", readonly=True, copy=False, index=True)
    answered_on_time_rate = fields.Float(
        string="Answered on Time (%)",
        compute="_compute_answered_on_time_rate",
        store=True,
        aggregator="avg",
        help="100 when the answer was given by the deadline, 0 when late. Averaged over "
        "answered requests, it is the share answered within the deadline.",
    )
    inquiry_answer = fields.Text(string="Answer")
    time_to_answer = fields.Float(
        string="Hours to Answer", compute="_compute_time_to_answer", store=True, aggregator="avg"
    )
    delivery_date = fields.Date(readonly=True, copy=False)
    delivery_note = fields.Text()
    cancel_reason = fields.Text(readonly=True, copy=False)
    proposed_changes = fields.Json(
        readonly=True, copy=False, help="Changes to the file asked for from the portal."
    )
    public_ip_hash = fields.Char(
        readonly=True, copy=False, index="btree_not_null", groups="base.group_system"
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "The request reference must be unique.",
        ),
        (
            "requested_amount_positive",
            "CHECK(requested_amount >= 0)",
            "The requested amount cannot be negative.",
        ),
    ]

    def _workflow_actions_hint(self):
        return self.env._(
            "the request's buttons (Mark Complete, Refer for Study, Sign Declaration, Send to "
            "Committee, Delivered, Close, Cancel) or a committee decision"
        )

    # ------------------------------------------------------------------ computes
    @api.depends("beneficiary_id")
    def _compute_applicant_national_id(self):
        for request in self:
            request.applicant_national_id = (
                request.beneficiary_id.national_id or request.applicant_national_id
            )

    @api.depends("deadline_date")
    @api.depends_context("lang")
    def _compute_deadline_date_hijri(self):
        lang = self.env.lang
        for request in self:
            request.deadline_date_hijri = format_hijri(request.deadline_date, lang)

    @api.depends("beneficiary_id")
    def _compute_branch_id(self):
        for request in self:
            request.branch_id = request.branch_id or request.beneficiary_id.branch_id

    @api.depends("type_id")
    def _compute_committee_id(self):
        for request in self:
            request.committee_id = request.type_id.committee_id

    @api.depends("category_id", "officer_domain", "company_id")
    def _compute_officer_id(self):
        Category = self.env["beneficiary.category"].sudo()
        for request in self:
            request.officer_id = Category._officer_for(
                request.category_id.sudo(), request.officer_domain or "general", request.company_id
            )

    @api.depends("decision_id.outcome")
    @api.depends_context("lang")
    def _compute_decision_outcome_label(self):
        labels = dict(
            self.env["beneficiary.committee.decision"]
            ._fields["outcome"]
            ._description_selection(self.env)
        )
        for request in self:
            request.decision_outcome_label = labels.get(request.decision_outcome, "")

    def _compute_visit_count(self):
        counts = dict(
            self.env["beneficiary.visit"]._read_group(
                [("request_id", "in", self.ids)], ["request_id"], ["__count"]
            )
        )
        for request in self:
            request.visit_count = counts.get(request, 0)

    def _submission_date(self):
        self.ensure_one()
        return self._local_date(self.received_date or fields.Datetime.now())

    def _today(self):
        return self._local_date(fields.Datetime.now())

    def _deadline_start(self):
        """The clock starts when the request is complete."""
        self.ensure_one()
        return self.complete_date

    def _deadline_days(self):
        self.ensure_one()
        return self.type_id.sla_days or 15

    @api.depends("complete_date", "type_id.min_answer_days", "company_id")
    def _compute_earliest_answer_date(self):
        for request in self:
            minimum = request.type_id.min_answer_days
            request.earliest_answer_date = (
                request._local_date(request.complete_date) + timedelta(days=minimum)
                if request.complete_date and minimum
                else False
            )

    @api.depends("deadline_date", "answer_date", "answered_on_time_rate", "state")
    def _compute_sla_status(self):
        # The calendar's working dates are read once per company for the whole batch
        # (a list view shows the status of every row).
        open_requests = self.filtered(
            lambda r: r.deadline_date and r.state != "cancelled" and not r.answer_date
        )
        calendars = {}
        for company in open_requests.company_id:
            mine = open_requests.filtered(lambda r, company=company: r.company_id == company)
            today = mine[0]._today()
            dates = [today, *mine.mapped("deadline_date")]
            working = company._beneficiary_working_dates(min(dates), max(dates))
            calendars[company] = (today, working)
        for request in self:
            request.days_remaining = 0
            request.is_overdue = request.is_at_risk = False
            if not request.deadline_date or request.state == "cancelled":
                request.sla_status = "not_started"
                continue
            if request.answer_date:
                # Stored when the answer is recorded: no time-zone work per row.
                on_time = request.answered_on_time_rate == 100.0
                request.sla_status = "answered_on_time" if on_time else "answered_late"
                continue
            today, working = calendars[request.company_id]
            remaining = request.company_id._beneficiary_working_days_between(
                working, today, request.deadline_date
            )
            request.days_remaining = remaining
            if today > request.deadline_date:
                request.sla_status = "overdue"
                request.is_overdue = True
            elif remaining <= AT_RISK_DAYS:
                request.sla_status = "at_risk"
                request.is_at_risk = True
            else:
                request.sla_status = "on_track"

    def _search_is_at_risk(self, operator, value):
        today = fields.Date.context_today(self)
        limit = self.env.company._beneficiary_add_working_days(today, AT_RISK_DAYS)
        return self._search_unanswered(
            operator, value, [("deadline_date", ">=", today), ("deadline_date", "<=", limit)]
        )

    @api.depends("answer_date", "deadline_date")
    def _compute_answered_on_time_rate(self):
        for request in self:
            on_time = (
                request.answer_date
                and request.deadline_date
                and request._local_date(request.answer_date) <= request.deadline_date
            )
            request.answered_on_time_rate = 100.0 if on_time else 0.0

    @api.depends("received_date", "answer_date")
    def _compute_time_to_answer(self):
        for request in self:
            if request.answer_date and request.received_date:
                delta = request.answer_date - request.received_date
                request.time_to_answer = round(delta.total_seconds() / 3600, 2)
            else:
                request.time_to_answer = 0

    @api.depends(
        "document_line_ids.document_id",
        "document_line_ids.attachment",
        "document_line_ids.expiry_date",
        "type_id",
        "beneficiary_id.national_id",
        "applicant_national_id",
        "received_date",
    )
    def _compute_missing_items(self):
        for request in self:
            request.missing_items = "\n".join(request._missing_items())

    def _missing_items(self):
        """Everything that keeps the request from being complete, in words."""
        self.ensure_one()
        problems = []
        submission = self._submission_date()
        if self.type_id.beneficiary_required and not self.beneficiary_id:
            problems.append(self.env._("A beneficiary file is required for this type of request."))
        required = self.type_id.required_document_type_ids
        lines = self.document_line_ids
        for doc_type in required:
            typed = lines.filtered(lambda line, doc_type=doc_type: line.type_id == doc_type)
            statuses = {line._status_on(submission) for line in typed}
            if "valid" in statuses:
                continue
            if "expired" in statuses:
                problems.append(
                    self.env._(
                        "%(document)s has expired: it must be valid on the submission date "
                        "(%(date)s).",
                        document=doc_type.name,
                        date=submission,
                    )
                )
            else:
                problems.append(self.env._("%(document)s is missing.", document=doc_type.name))
        if self.beneficiary_id:
            given = normalize_national_id(self.applicant_national_id)
            if not given:
                problems.append(self.env._("The applicant's national ID / iqama is not entered."))
            elif given != self.beneficiary_id.national_id:
                problems.append(
                    self.env._(
                        "The national ID / iqama on the request (%(given)s) does not match the "
                        "beneficiary file (%(file)s).",
                        given=given,
                        file=self.beneficiary_id.national_id,
                    )
                )
            if self.beneficiary_id.state in ("suspended", "closed"):
                problems.append(
                    self.env._(
                        "The beneficiary file %(file)s is suspended or closed.",
                        file=self.beneficiary_id.display_name,
                    )
                )
        elif self.applicant_national_id:
            number = normalize_national_id(self.applicant_national_id)
            try:
                self.env["beneficiary.beneficiary"]._raise_invalid_national_id(number)
            except ValidationError as error:
                problems.append(str(error))
        return problems

    # ------------------------------------------------------------------ declaration
    def _declaration_payload(self):
        """The data the applicant declares true; any change invalidates the signature."""
        self.ensure_one()
        checksums = self._attachment_checksums()
        return {
            "type": self.type_id.code,
            "beneficiary": self.beneficiary_id.id,
            "national_id": self.beneficiary_id.national_id or "",
            "applicant": self.partner_id.id,
            "applicant_national_id": normalize_national_id(self.applicant_national_id),
            "description": self.description or "",
            "requested_amount": round(self.requested_amount or 0.0, 2),
            "aid_kind": self.aid_kind or "",
            "documents": sorted(
                [
                    line.type_id.code,
                    line.document_id.id,
                    line.number or "",
                    str(line.expiry_date or ""),
                    checksums.get(line.id, ""),
                ]
                for line in self.document_line_ids
            ),
        }

    def _attachment_checksums(self):
        lines = self.document_line_ids.filtered("id")
        if not lines:
            return {}
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search_read(
                [
                    ("res_model", "=", "beneficiary.request.document"),
                    ("res_field", "=", "attachment"),
                    ("res_id", "in", lines.ids),
                ],
                ["res_id", "checksum"],
            )
        )
        return {attachment["res_id"]: attachment["checksum"] for attachment in attachments}

    def _declaration_digest(self):
        payload = json.dumps(self._declaration_payload(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    @api.depends(
        "declaration_hash",
        "type_id",
        "beneficiary_id.national_id",
        "partner_id",
        "applicant_national_id",
        "description",
        "requested_amount",
        "aid_kind",
        "document_line_ids.document_id",
        "document_line_ids.number",
        "document_line_ids.expiry_date",
        "document_line_ids.attachment",
    )
    def _compute_declaration_valid(self):
        for request in self:
            request.declaration_valid = bool(
                request.declaration_hash
                and request.declaration_hash == request._declaration_digest()
            )

    @workflow_transition
    def _sign_declaration(self, signer, signature):
        self.ensure_one()
        if self.state in ("approved", "rejected", "delivered") + FINAL_STATES:
            raise UserError(self.env._("A decided request cannot be signed again."))
        if not (signer or "").strip() or not signature:
            raise UserError(self.env._("The declaration needs the signer's name and signature."))
        self.write(
            {
                "declaration_signer": signer.strip(),
                "declaration_signature": signature,
                "declaration_date": fields.Datetime.now(),
            }
        )
        self.flush_recordset()
        self.declaration_hash = self._declaration_digest()
        self._message_log(
            body=self.env._(
                "%(signer)s signed the declaration that the data of this request is true and "
                "that they are directly responsible for it.",
                signer=self.declaration_signer,
            ),
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        types = self.env["beneficiary.request.type"].browse(
            [vals["type_id"] for vals in vals_list if vals.get("type_id")]
        )
        for vals in vals_list:
            if vals.get("applicant_national_id"):
                vals["applicant_national_id"] = normalize_national_id(vals["applicant_national_id"])
            request_type = types.browse(vals.get("type_id"))
            # The web client sends every one2many, empty ones included: no line
            # given means the type's checklist.
            if request_type and not vals.get("document_line_ids"):
                vals["document_line_ids"] = request_type._document_checklist_commands()
        requests = super().create(vals_list)
        requests._check_beneficiary_rules()
        requests._route_to_contact_officer()
        return requests

    def write(self, vals):
        if vals.get("applicant_national_id"):
            vals["applicant_national_id"] = normalize_national_id(vals["applicant_national_id"])
        result = super().write(vals)
        if vals.get("type_id") and not vals.get("document_line_ids"):
            self._follow_type_checklist()
        if {"beneficiary_id", "type_id", "partner_id"} & set(vals):
            self._check_beneficiary_rules()
        return result

    def _check_beneficiary_rules(self):
        for request in self:
            if request.type_id.beneficiary_required and not request.beneficiary_id:
                raise ValidationError(
                    self.env._(
                        "A %(type)s request needs a beneficiary file.", type=request.type_id.name
                    )
                )
            if request.beneficiary_id and request.partner_id != request.beneficiary_id.partner_id:
                raise ValidationError(
                    self.env._("The applicant must be the beneficiary of the selected file.")
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_received(self):
        if any(
            request.state not in ("received", "cancelled") or request.decision_ids
            for request in self
        ):
            raise UserError(
                self.env._(
                    "Only requests that are still being received can be deleted; cancel it instead."
                )
            )

    @api.onchange("type_id")
    def _onchange_type_id_documents(self):
        """The checklist follows the request type in the form, before saving."""
        self._follow_type_checklist()

    def _follow_type_checklist(self):
        """Make the document checklist the one of the request type.

        Lines already holding a document or a file are kept; empty lines of
        documents the type does not ask for are dropped; missing ones are added.
        """
        for request in self:
            required = request.type_id.required_document_type_ids
            lines = request.document_line_ids
            dropped = lines.filtered(
                lambda line, required=required: (
                    line.type_id not in required and not (line.document_id or line.attachment)
                )
            )
            present = (lines - dropped).type_id
            commands = [fields.Command.unlink(line.id) for line in dropped]
            if request.type_id:
                commands += request.type_id._document_checklist_commands(exclude=present)
            if commands:
                request.document_line_ids = commands

    # ------------------------------------------------------------------ transitions
    def action_load_file_documents(self):
        """Fill the checklist with the beneficiary file's documents of each type."""
        for request in self:
            file_documents = request.beneficiary_id.document_ids
            for line in request.document_line_ids.filtered(lambda line: not line.document_id):
                candidates = file_documents.filtered(
                    lambda doc, line=line: doc.type_id == line.type_id
                ).sorted(
                    lambda doc: doc.expiry_date or fields.Date.to_date("9999-12-31"), reverse=True
                )
                if candidates:
                    line.document_id = candidates[0]
        return True

    @workflow_transition
    def action_mark_complete(self):
        self._check_state(
            ("received",),
            self.env._("Request %(record)s cannot be marked complete in its current status."),
        )
        for request in self:
            problems = request._missing_items()
            if problems:
                raise UserError(
                    self.env._(
                        "Request %(request)s is not complete:\n%(problems)s",
                        request=request.name,
                        problems="\n".join(f"- {problem}" for problem in problems),
                    )
                )
        now = fields.Datetime.now()
        for request in self:
            values = {"state": "complete"}
            if not request.complete_date:
                values["complete_date"] = now
            request.write(values)
        return True

    @workflow_transition
    def _do_refer(self, user, note=False):
        """Refer the request to a social researcher or domain officer for study."""
        self._check_state(
            ("complete", "study"),
            self.env._("Request %(record)s cannot be referred for study in its current status."),
        )
        if not user:
            raise UserError(self.env._("Choose who will study the request."))
        self.write({"researcher_id": user.id, "referral_note": note, "state": "study"})
        for request in self:
            request.activity_schedule(
                "beneficiary_relations.mail_activity_type_study",
                user_id=user.id,
                date_deadline=request.deadline_date or fields.Date.context_today(request),
                note=note or "",
            )
        return True

    def _default_referral_user(self):
        """The category's contact officer for the type's domain, if any."""
        self.ensure_one()
        if not self.category_id:
            return self.env["res.users"]
        return self.env["beneficiary.category"]._officer_for(
            self.category_id, self.type_id.officer_domain or "social", self.company_id
        )

    def action_refer(self):
        """Choose who studies the request (and plan the field visit) in the wizard."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer for Study"),
            "res_model": "beneficiary.request.refer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_request_id": self.id,
                "default_user_id": (self.researcher_id or self._default_referral_user()).id,
            },
        }

    def action_open_declaration_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Signed Declaration"),
            "res_model": "beneficiary.request.declaration.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_request_id": self.id,
                "default_signer": self.partner_id.name,
            },
        }

    @workflow_transition
    def action_submit_to_committee(self):
        self._check_state(
            ("complete", "study"),
            self.env._("Request %(record)s cannot be sent to the committee in its current status."),
        )
        for request in self:
            if not request.type_id.needs_committee:
                raise UserError(
                    self.env._(
                        "%(type)s requests are answered directly, without a committee.",
                        type=request.type_id.name,
                    )
                )
            if not request.committee_id:
                raise UserError(
                    self.env._(
                        "Choose the committee that decides request %(request)s.",
                        request=request.name,
                    )
                )
            planned = request.visit_ids.filtered(
                lambda visit: visit.visit_type == "field_visit" and visit.state == "planned"
            )
            if planned:
                raise UserError(
                    self.env._(
                        "Request %(request)s has a planned field visit (%(visits)s) that is not "
                        "done yet: record its findings, or cancel it, before the request goes to "
                        "the committee.",
                        request=request.name,
                        visits=", ".join(planned.mapped("name")),
                    )
                )
            if request.declaration_required and not request.declaration_valid:
                raise UserError(
                    self.env._(
                        "Request %(request)s needs the applicant's signed declaration that the "
                        "data is true before it goes to the committee%(changed)s.",
                        request=request.name,
                        changed=self.env._(" (the data changed after it was signed)")
                        if request.declaration_hash
                        else "",
                    )
                )
        self.write({"state": "committee"})
        return True

    @workflow_transition
    def _apply_decision(self, decision):
        """A committee decision was recorded on this request (still correctable)."""
        self.ensure_one()
        outcome = decision.outcome
        if outcome != "defer":
            # The committee decided: the study assigned on referral is over.
            self.activity_feedback(
                ["beneficiary_relations.mail_activity_type_study"],
                feedback=self.env._("Decided by %(decision)s.", decision=decision.name),
            )
        if outcome == "approve":
            if self.kind == "registration" and not self.beneficiary_id.has_consent:
                raise UserError(
                    self.env._(
                        "File %(file)s has no recorded consent to the processing of personal "
                        "data; it cannot be registered.",
                        file=self.beneficiary_id.display_name,
                    )
                )
            self.write({"state": "approved", "decision_id": decision.id})
        elif outcome == "reject":
            self.write({"state": "rejected", "decision_id": decision.id})
        elif outcome == "more_info":
            self.write({"state": "received", "decision_id": decision.id})
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(self.received_by_id or self.env.user).id,
                summary=self.env._("The committee asks for more information"),
                note=decision.reasons,
            )
        else:  # deferred: stays on the committee's next agenda
            self._message_log(
                body=self.env._("Deferred by decision %(decision)s.", decision=decision.name),
            )

    @workflow_transition
    def _undo_decision(self, decision):
        self.ensure_one()
        if self.decision_id == decision and self.state in ("approved", "rejected", "received"):
            self.write({"state": "committee", "decision_id": False})

    @workflow_transition
    def _finalize_decision(self, decision):
        """The minutes holding ``decision`` are approved: it takes effect outside."""
        self.ensure_one()
        if decision.outcome == "approve" and self.kind == "registration":
            self.beneficiary_id._register_by_decision(decision)
        if decision.outcome in ("approve", "reject", "more_info"):
            self._send_decision_notice(decision)

    # ------------------------------------------------------------------ notices
    @workflow_transition
    def _send_decision_notice(self, decision):
        self.ensure_one()
        today = self._today()
        if self.earliest_answer_date and today < self.earliest_answer_date:
            self.write({"notice_state": "scheduled", "notice_due_date": self.earliest_answer_date})
            return
        self._notify_applicant(decision)

    @workflow_transition
    def _notify_applicant(self, decision):
        """Tell the applicant the outcome on their agreed channel and log it."""
        self.ensure_one()
        channel = self._answer_channel()
        self._notify_on_channel(
            channel,
            self.partner_id,
            "beneficiary_relations.mail_template_request_decision",
            "beneficiary_relations.sms_template_request_decision",
            self.received_by_id,
            self.env._("Inform the applicant of the decision by %(channel)s", channel=channel.name),
        )
        self._message_log(
            body=self.env._(
                "Decision %(decision)s (%(outcome)s) notified to the applicant by %(channel)s.",
                decision=decision.name,
                outcome=self.decision_outcome_label,
                channel=channel.name,
            ),
        )
        values = {"notice_state": "sent", "notice_due_date": False}
        if decision.outcome in ("approve", "reject"):
            values["answer_date"] = fields.Datetime.now()
        self.write(values)

    @api.model
    @workflow_transition
    def _cron_send_scheduled_notices(self):
        """Send the decision notices held until the 'answer not before' date."""
        today = fields.Date.context_today(self)
        due = self.search([("notice_state", "=", "scheduled"), ("notice_due_date", "<=", today)])
        for request in due:
            request._notify_applicant(request.decision_id)
        return True

    # ------------------------------------------------------------------ after the decision
    @workflow_transition
    def action_deliver(self):
        self._check_state(
            ("approved",),
            self.env._("Request %(record)s cannot be marked delivered in its current status."),
        )
        self.write({"state": "delivered", "delivery_date": fields.Date.context_today(self)})
        self._send_satisfaction_surveys()
        return True

    def _satisfaction_survey(self):
        self.ensure_one()
        return self.type_id.survey_id

    def _satisfaction_links(self):
        self.ensure_one()
        return {
            "beneficiary_request_id": self.id,
            "beneficiary_id": self.beneficiary_id.id,
            "beneficiary_category_id": self.category_id.id,
            "beneficiary_channel_id": self.channel_id.id,
            "beneficiary_officer_id": (self.researcher_id or self.received_by_id).id,
        }

    def _satisfaction_follow_up_user(self):
        """Who follows up a low satisfaction score: the contact officer."""
        self.ensure_one()
        contact = self.env["beneficiary.category"]._officer_for(
            self.category_id, self.type_id.officer_domain or "general", self.company_id
        )
        return contact or self.received_by_id or self.env.user

    @workflow_transition
    def action_close(self):
        self._check_state(
            ("delivered", "rejected"),
            self.env._("Request %(record)s cannot be closed in its current status."),
        )
        self.write({"state": "closed"})
        return True

    @workflow_transition
    def action_answer_inquiry(self):
        """Answer an inquiry directly: no committee, the time to answer is recorded."""
        self._check_state(
            ("received", "complete"),
            self.env._("Request %(record)s cannot be answered in its current status."),
        )
        for request in self:
            if request.kind != "inquiry":
                raise UserError(self.env._("Only inquiries are answered without a committee."))
            if not (request.inquiry_answer or "").strip():
                raise UserError(self.env._("Write the answer to the inquiry first."))
        now = fields.Datetime.now()
        for request in self:
            request.write(
                {
                    "state": "closed",
                    "complete_date": request.complete_date or request.received_date,
                    "answer_date": now,
                }
            )
            request._message_log(
                body=self.env._("Answer: %(answer)s", answer=request.inquiry_answer),
            )
        return True

    def action_cancel(self):
        """Ask the reason, then cancel the requests."""
        return self.env["beneficiary.reason.wizard"].action_open(
            self, "_do_cancel", self.env._("Cancel Request")
        )

    @workflow_transition
    def _do_cancel(self, reason):
        if any(request.state in FINAL_STATES + ("delivered",) for request in self):
            raise UserError(
                self.env._("A delivered, closed or cancelled request cannot be cancelled.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Please give the reason."))
        self.write({"state": "cancelled", "cancel_reason": reason.strip()})
        return True

    @workflow_transition
    def action_apply_data_update(self):
        """The officer reviewed the changes asked from the portal: apply them to the file."""
        for request in self:
            if request.kind != "data_update" or not request.proposed_changes:
                raise UserError(self.env._("This request has no data changes to apply."))
            if request.state not in ("received", "complete", "study"):
                raise UserError(self.env._("These changes were already handled."))
            allowed = request.beneficiary_id._PORTAL_UPDATABLE
            changes = {
                name: value for name, value in request.proposed_changes.items() if name in allowed
            }
            request.beneficiary_id.write(changes)
            now = fields.Datetime.now()
            request.write(
                {
                    "state": "closed",
                    "complete_date": request.complete_date or request.received_date,
                    "answer_date": now,
                }
            )
            request._message_log(
                body=self.env._("The changes were reviewed and applied to the beneficiary file."),
            )
        return True

    # ------------------------------------------------------------------ XLSX export
    def _xlsx_export_extra_columns(self):
        return [
            XlsxColumn(self.env._("Deadline (Hijri)")),
            XlsxColumn(self.env._("Deadline (Hijri, sortable)")),
            XlsxColumn(self.env._("Working Days to Answer"), "integer"),
        ]

    def _xlsx_export_extra_values(self):
        """Hijri deadline and working days from completeness to the answer.

        The company's working dates are read once per company for the whole chunk.
        """
        lang = self.env.lang or "en"
        values = {}
        for company in self.company_id:
            requests = self.filtered(lambda request, company=company: request.company_id == company)
            answered = requests.filtered(
                lambda request: request.complete_date and request.answer_date
            )
            working = []
            if answered:
                start = min(request._local_date(request.complete_date) for request in answered)
                end = max(request._local_date(request.answer_date) for request in answered)
                working = company._beneficiary_working_dates(start, end)
            for request in requests:
                days = None
                if request in answered:
                    days = company._beneficiary_working_days_between(
                        working,
                        request._local_date(request.complete_date),
                        request._local_date(request.answer_date),
                    )
                hijri = to_hijri(request.deadline_date)
                values[request.id] = [
                    format_hijri(request.deadline_date, lang) or None,
                    # Year-month-day text: sorts in calendar order.
                    "{:04d}-{:02d}-{:02d}".format(*hijri) if hijri else None,
                    days,
                ]
        return values

    def action_print_decision_letter(self):
        self.ensure_one()
        if not self.decision_id:
            raise UserError(
                self.env._("Request %(request)s has no decision yet.", request=self.name)
            )
        return self.env.ref(
            "beneficiary_relations.beneficiary_committee_decision_report_letter"
        ).report_action(self.decision_id)

    # ------------------------------------------------------------------ navigation
    # ------------------------------------------------------------------ navigation
    def action_view_visits(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Visits"),
            "res_model": "beneficiary.visit",
            "view_mode": "list,form",
            "domain": [("request_id", "=", self.id)],
            "context": {
                "default_request_id": self.id,
                "default_beneficiary_id": self.beneficiary_id.id,
            },
        }
