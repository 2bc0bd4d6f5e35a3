from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Who may study a request: social researchers and beneficiary relations officers.
STUDY_GROUPS = (
    "beneficiary_relations.group_beneficiary_researcher",
    "beneficiary_relations.group_beneficiary_officer",
)


class BeneficiaryRequestReferWizard(models.TransientModel):
    """Refer a request to a social researcher or domain officer, optionally
    planning the field visit at the same time."""

    _name = "beneficiary.request.refer.wizard"
    _description = "Refer a Request for Study"

    request_id = fields.Many2one("beneficiary.request", required=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users", string="Refer To", required=True, domain=lambda self: self._user_domain()
    )
    note = fields.Text(string="What to Study")
    plan_visit = fields.Boolean(string="Plan a Field Visit")
    visit_date = fields.Date(default=fields.Date.context_today)

    @api.model
    def _study_groups(self):
        return self.env["res.groups"].browse([self.env.ref(xmlid).id for xmlid in STUDY_GROUPS])

    @api.model
    def _user_domain(self):
        return [("share", "=", False), ("groups_id", "in", self._study_groups().ids)]

    @api.constrains("user_id")
    def _check_user_can_study(self):
        for wizard in self:
            if not any(wizard.user_id.has_group(xmlid) for xmlid in STUDY_GROUPS):
                raise ValidationError(
                    self.env._(
                        "%(user)s is neither a social researcher nor a beneficiary relations "
                        "officer: the request cannot be referred to them.",
                        user=wizard.user_id.name,
                    )
                )

    def action_confirm(self):
        self.ensure_one()
        self.request_id._do_refer(self.user_id, self.note)
        if self.plan_visit and self.request_id.beneficiary_id:
            self.env["beneficiary.visit"].create(
                {
                    "visit_type": "field_visit",
                    "request_id": self.request_id.id,
                    "visitor_id": self.user_id.id,
                    "planned_date": self.visit_date,
                    "company_id": self.request_id.company_id.id,
                }
            )
        return {"type": "ir.actions.act_window_close"}
