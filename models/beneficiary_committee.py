from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMMITTEE_KINDS = [
    ("social_research", "Social research"),
    ("educational", "Educational affairs"),
    ("follow_up", "Follow-up"),
    ("investigation", "Investigation"),
    ("board", "Board of directors"),
]


class BeneficiaryCommittee(models.Model):
    _name = "beneficiary.committee"
    _description = "Committee"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, translate=True, tracking=True)
    kind = fields.Selection(COMMITTEE_KINDS, required=True, default="social_research")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    member_ids = fields.Many2many(
        "res.users",
        "beneficiary_committee_member_rel",
        "committee_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
        tracking=True,
    )
    chair_id = fields.Many2one("res.users", tracking=True)
    secretary_id = fields.Many2one("res.users", tracking=True)
    quorum = fields.Integer(
        default=1,
        tracking=True,
        help="Minimum number of members present for the meeting to decide.",
    )
    meeting_ids = fields.One2many("beneficiary.committee.meeting", "committee_id")
    meeting_count = fields.Integer(compute="_compute_counts")
    pending_request_count = fields.Integer(compute="_compute_counts")

    @api.constrains("member_ids", "chair_id", "secretary_id", "quorum")
    def _check_composition(self):
        for committee in self:
            if committee.quorum < 1:
                raise ValidationError(self.env._("The quorum must be at least one member."))
            if committee.member_ids and committee.quorum > len(committee.member_ids):
                raise ValidationError(
                    self.env._(
                        "The quorum of %(committee)s (%(quorum)s) exceeds its %(count)s members.",
                        committee=committee.name,
                        quorum=committee.quorum,
                        count=len(committee.member_ids),
                    )
                )
            for role in (committee.chair_id, committee.secretary_id):
                if role and role not in committee.member_ids:
                    raise ValidationError(
                        self.env._(
                            "%(user)s must be a member of %(committee)s to chair it or be its "
                            "secretary.",
                            user=role.name,
                            committee=committee.name,
                        )
                    )

    def _compute_counts(self):
        meetings = dict(
            self.env["beneficiary.committee.meeting"]._read_group(
                [("committee_id", "in", self.ids)], ["committee_id"], ["__count"]
            )
        )
        pending = dict(
            self.env["beneficiary.request"]._read_group(
                [("committee_id", "in", self.ids), ("state", "=", "committee")],
                ["committee_id"],
                ["__count"],
            )
        )
        for committee in self:
            committee.meeting_count = meetings.get(committee, 0)
            committee.pending_request_count = pending.get(committee, 0)

    def action_view_meetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_committee_meeting_action"
        )
        action["domain"] = [("committee_id", "=", self.id)]
        action["context"] = {"default_committee_id": self.id}
        return action

    def action_view_pending_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_request_action"
        )
        action["domain"] = [("committee_id", "=", self.id), ("state", "=", "committee")]
        return action
