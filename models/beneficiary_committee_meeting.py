from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.hijri import format_hijri
from .beneficiary_workflow_guard_mixin import workflow_transition

MEETING_STATES = [
    ("draft", "Planned"),
    ("held", "Held"),
    ("approved", "Minutes Approved"),
    ("cancelled", "Cancelled"),
]


class BeneficiaryCommitteeMeeting(models.Model):
    """A committee meeting: agenda of requests, attendance, decisions and minutes."""

    _name = "beneficiary.committee.meeting"
    _description = "Committee Meeting"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.reference.mixin",
        "beneficiary.workflow.guard.mixin",
    ]
    _order = "date desc, id desc"
    _workflow_fields = ("state", "approved_date")

    name = fields.Char(
        string="Meeting Number", required=True, readonly=True, copy=False, default="/"
    )
    committee_id = fields.Many2one(
        "beneficiary.committee", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(related="committee_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    date_hijri = fields.Char(string="Date (Hijri)", compute="_compute_date_hijri")
    location = fields.Char()
    state = fields.Selection(
        MEETING_STATES, required=True, default="draft", tracking=True, index=True, copy=False
    )
    member_ids = fields.Many2many(related="committee_id.member_ids", string="Members")
    attendee_ids = fields.Many2many(
        "res.users",
        "beneficiary_committee_meeting_attendee_rel",
        "meeting_id",
        "user_id",
        string="Attendees",
        domain="[('id', 'in', member_ids)]",
    )
    quorum = fields.Integer(related="committee_id.quorum")
    has_quorum = fields.Boolean(compute="_compute_has_quorum")
    agenda_request_ids = fields.Many2many(
        "beneficiary.request",
        "beneficiary_committee_meeting_request_rel",
        "meeting_id",
        "request_id",
        string="Agenda",
    )
    decision_ids = fields.One2many(
        "beneficiary.committee.decision", "meeting_id", string="Decisions"
    )
    minutes = fields.Html()
    approval_ids = fields.One2many(
        "beneficiary.committee.meeting.approval", "meeting_id", string="Minutes Approvals"
    )
    approved_date = fields.Datetime(string="Minutes Approved On", readonly=True, copy=False)
    is_locked = fields.Boolean(compute="_compute_is_locked")

    def _workflow_actions_hint(self):
        return self.env._("the meeting's Open Session, Approve Minutes and Cancel buttons")

    @api.depends("date")
    @api.depends_context("lang")
    def _compute_date_hijri(self):
        for meeting in self:
            meeting.date_hijri = format_hijri(meeting.date, lang=self.env.lang or "en")

    @api.depends("attendee_ids", "committee_id.quorum")
    def _compute_has_quorum(self):
        for meeting in self:
            meeting.has_quorum = len(meeting.attendee_ids) >= (meeting.committee_id.quorum or 1)

    @api.depends("state")
    def _compute_is_locked(self):
        for meeting in self:
            meeting.is_locked = meeting.state == "approved"

    @api.constrains("attendee_ids", "committee_id")
    def _check_attendees(self):
        for meeting in self:
            strangers = meeting.attendee_ids - meeting.committee_id.member_ids
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(users)s are not members of %(committee)s.",
                        users=", ".join(strangers.mapped("name")),
                        committee=meeting.committee_id.name,
                    )
                )

    def write(self, vals):
        locked_fields = set(vals) - {"message_main_attachment_id", "activity_ids"}
        if locked_fields and any(meeting.is_locked for meeting in self):
            raise UserError(
                self.env._("The minutes of this meeting are approved; it can no longer be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(meeting.decision_ids or meeting.is_locked for meeting in self):
            raise UserError(self.env._("A meeting with decisions cannot be deleted."))

    def action_build_agenda(self):
        """Put every request waiting for this committee on the agenda, neediest first."""
        for meeting in self:
            if meeting.state != "draft":
                raise UserError(self.env._("The agenda can only be built before the meeting."))
            waiting = self.env["beneficiary.request"].search(
                [
                    ("committee_id", "=", meeting.committee_id.id),
                    ("state", "=", "committee"),
                    ("company_id", "=", meeting.company_id.id),
                ],
                order="need_score desc, deadline_date, id",
            )
            meeting.agenda_request_ids = [fields.Command.link(request.id) for request in waiting]
        return True

    def _check_can_decide(self):
        for meeting in self:
            if meeting.state not in ("draft", "held"):
                raise UserError(
                    self.env._(
                        "Meeting %(meeting)s can no longer take decisions.", meeting=meeting.name
                    )
                )
            if not meeting.has_quorum:
                raise UserError(
                    self.env._(
                        "Meeting %(meeting)s has %(present)s member(s) present and needs a quorum "
                        "of %(quorum)s: it cannot decide.",
                        meeting=meeting.name,
                        present=len(meeting.attendee_ids),
                        quorum=meeting.committee_id.quorum,
                    )
                )

    @workflow_transition
    def action_hold(self):
        self._check_can_decide()
        self.write({"state": "held"})
        return True

    @workflow_transition
    def action_cancel(self):
        if any(meeting.decision_ids for meeting in self):
            raise UserError(self.env._("A meeting with decisions cannot be cancelled."))
        self.write({"state": "cancelled"})
        return True

    @workflow_transition
    def action_approve_minutes(self):
        """The current user, an attendee, approves the minutes.

        Once every attendee has approved, the minutes and decisions are locked.
        """
        self.ensure_one()
        if self.state != "held":
            raise UserError(self.env._("Only the minutes of a held meeting can be approved."))
        user = self.env.user
        if user not in self.attendee_ids:
            raise UserError(
                self.env._("Only members who attended the meeting can approve its minutes.")
            )
        if not self.decision_ids:
            raise UserError(
                self.env._("Record the meeting's decisions before approving the minutes.")
            )
        if self.approval_ids.filtered(lambda approval: approval.user_id == user):
            raise UserError(self.env._("You have already approved these minutes."))
        self.env["beneficiary.committee.meeting.approval"].sudo().create(
            {"meeting_id": self.id, "user_id": user.id}
        )
        self._message_log(
            body=self.env._("%(user)s approved the minutes.", user=user.name),
        )
        if not (self.attendee_ids - self.approval_ids.user_id):
            self.write({"state": "approved", "approved_date": fields.Datetime.now()})
            self.decision_ids._finalize()
        return True
