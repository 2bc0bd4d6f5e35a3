from odoo import fields, models


class BeneficiaryCommitteeMeetingApproval(models.Model):
    """A member's approval of a meeting's minutes."""

    _name = "beneficiary.committee.meeting.approval"
    _description = "Minutes Approval"
    _order = "date"

    meeting_id = fields.Many2one(
        "beneficiary.committee.meeting", required=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one("res.users", string="Member", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)

    _sql_constraints = [
        (
            "meeting_user_unique",
            "unique(meeting_id, user_id)",
            "A member approves the minutes of a meeting once.",
        ),
    ]
