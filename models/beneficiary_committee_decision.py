from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .beneficiary_workflow_guard_mixin import workflow_transition

OUTCOMES = [
    ("approve", "Approve"),
    ("reject", "Reject"),
    ("more_info", "Ask for more information"),
    ("defer", "Defer"),
]


class BeneficiaryCommitteeDecision(models.Model):
    """A committee's decision on one request, taken in a meeting with quorum.

    The decision moves the request on at once; it can be corrected until every
    attendee has approved the minutes, after which it is immutable.
    """

    _name = "beneficiary.committee.decision"
    _description = "Committee Decision"
    _inherit = ["mail.thread", "beneficiary.reference.mixin", "beneficiary.workflow.guard.mixin"]
    _order = "id desc"
    _workflow_fields = ("locked", "meeting_id", "request_id", "complaint_id")

    name = fields.Char(
        string="Decision Number", required=True, readonly=True, copy=False, default="/"
    )
    meeting_id = fields.Many2one(
        "beneficiary.committee.meeting", required=True, ondelete="restrict", index=True
    )
    committee_id = fields.Many2one(related="meeting_id.committee_id", store=True, index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    date = fields.Datetime(related="meeting_id.date", store=True)
    request_id = fields.Many2one("beneficiary.request", ondelete="restrict", index=True)
    complaint_id = fields.Many2one(
        "beneficiary.complaint",
        ondelete="restrict",
        index=True,
        help="A complaint investigated by the committee, e.g. whether the association caused "
        "the harm.",
    )
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", compute="_compute_beneficiary_id", store=True, index=True
    )
    outcome = fields.Selection(OUTCOMES, required=True, tracking=True)
    reasons = fields.Text(tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    approved_amount = fields.Monetary(tracking=True)
    approved_service = fields.Char(help="The in-kind aid or service approved.")
    locked = fields.Boolean(readonly=True, copy=False)
    request_eligibility_state = fields.Selection(
        related="request_id.eligibility_state", string="Eligibility of the Request"
    )
    eligibility_override_reason = fields.Text(
        string="Reason for Approving Despite Ineligibility",
        tracking=True,
        help="Required to approve a request that does not meet its eligibility rules.",
    )

    _sql_constraints = [
        (
            "approved_amount_positive",
            "CHECK(approved_amount >= 0)",
            "The approved amount cannot be negative.",
        ),
    ]

    def _workflow_fields_on_create(self):
        # Recording a decision is the step that links it; ``create`` checks the links.
        return ("locked",)

    def _workflow_actions_hint(self):
        return self.env._("a new decision (delete this one before the minutes are approved)")

    @api.depends("request_id.beneficiary_id", "complaint_id.beneficiary_id")
    def _compute_beneficiary_id(self):
        for decision in self:
            decision.beneficiary_id = (
                decision.request_id.beneficiary_id or decision.complaint_id.beneficiary_id
            )

    @api.depends("name", "outcome", "request_id", "complaint_id")
    def _compute_display_name(self):
        for decision in self:
            subject = decision.request_id.name or decision.complaint_id.name or ""
            decision.display_name = f"{decision.name} - {subject}"

    @api.constrains("request_id", "complaint_id")
    def _check_subject(self):
        for decision in self:
            if bool(decision.request_id) == bool(decision.complaint_id):
                raise ValidationError(
                    self.env._("A decision is about one request or one complaint.")
                )

    @api.constrains("outcome", "reasons", "approved_amount")
    def _check_reasons(self):
        for decision in self:
            if decision.outcome in ("reject", "more_info") and not (decision.reasons or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reasons of the decision on %(request)s: a rejection or a "
                        "request for more information must be explained to the applicant.",
                        request=decision.request_id.name or decision.complaint_id.name,
                    )
                )
            if decision.approved_amount < 0:
                raise ValidationError(self.env._("The approved amount cannot be negative."))

    @api.constrains("outcome", "eligibility_override_reason", "request_id")
    def _check_eligibility_override(self):
        for decision in self:
            if (
                decision.outcome == "approve"
                and decision.request_id.eligibility_state == "ineligible"
                and not (decision.eligibility_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Request %(request)s does not meet its eligibility rules: record the "
                        "committee's reason for approving it anyway.",
                        request=decision.request_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        meetings = self.env["beneficiary.committee.meeting"].browse(
            [vals["meeting_id"] for vals in vals_list if vals.get("meeting_id")]
        )
        meetings._check_can_decide()
        requests = self.env["beneficiary.request"].browse(
            [vals["request_id"] for vals in vals_list if vals.get("request_id")]
        )
        complaints = self.env["beneficiary.complaint"].browse(
            [vals["complaint_id"] for vals in vals_list if vals.get("complaint_id")]
        )
        for vals in vals_list:
            meeting = meetings.browse(vals.get("meeting_id"))
            if vals.get("complaint_id"):
                complaint = complaints.browse(vals["complaint_id"])
                if complaint.state not in (
                    "review",
                    "escalated",
                ) or meeting.committee_id.kind not in (
                    "investigation",
                    "follow_up",
                ):
                    raise UserError(
                        self.env._(
                            "Complaint %(complaint)s can only be decided under review, by a "
                            "follow-up or investigation committee.",
                            complaint=complaint.name,
                        )
                    )
                continue
            request = requests.browse(vals.get("request_id"))
            if request.state != "committee" or request.committee_id != meeting.committee_id:
                raise UserError(
                    self.env._(
                        "Request %(request)s is not waiting for a decision of %(committee)s.",
                        request=request.name,
                        committee=meeting.committee_id.name,
                    )
                )
        decisions = super().create(vals_list)
        decisions._apply_to_requests()
        return decisions

    def write(self, vals):
        # Nothing of a decision in approved minutes changes, ``locked`` included,
        # whoever writes and however.
        locking = vals == {"locked": True}  # what approving the minutes writes
        if (
            set(vals) - {"message_main_attachment_id"}
            and not (locking and self._workflow_free())
            and any(decision.locked or decision.meeting_id.state == "approved" for decision in self)
        ):
            raise UserError(
                self.env._("This decision is part of approved minutes and cannot be changed.")
            )
        if "outcome" in vals:
            raise UserError(
                self.env._(
                    "The outcome of a decision cannot be changed; delete it and record the "
                    "corrected decision before the minutes are approved."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        if any(decision.locked for decision in self):
            raise UserError(
                self.env._("This decision is part of approved minutes and cannot be deleted.")
            )
        for decision in self.filtered("request_id"):
            decision.request_id.sudo()._undo_decision(decision)

    # A decision acts on the request with the committee's authority: the member who
    # records it needs no write access to requests or files.
    @workflow_transition
    def _apply_to_requests(self):
        for decision in self.filtered("request_id"):
            decision.request_id.sudo()._apply_decision(decision)

    @workflow_transition
    def _finalize(self):
        """The minutes are approved: lock and let the decisions take effect outside."""
        self.write({"locked": True})
        for decision in self.filtered("request_id"):
            decision.request_id.sudo()._finalize_decision(decision)
