from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from .beneficiary_workflow_guard_mixin import workflow_transition

_lt = LazyTranslate(__name__)

VISIT_TYPES = [
    ("field_visit", "Field visit"),
    ("field_survey", "Field survey"),
    ("supervisory", "Supervisory visit to a branch office"),
    ("interview", "Satisfaction interview"),
]

# The usual points to check, proposed when a visit of the type is planned.
VISIT_CHECKLISTS = {
    "field_visit": (
        _lt("Identity of the beneficiary and household members verified"),
        _lt("Housing condition observed"),
        _lt("Income and expenses discussed with evidence"),
        _lt("Needs stated in the request confirmed"),
    ),
    "supervisory": (
        _lt("Reception of beneficiaries and waiting conditions"),
        _lt("Request forms and declarations filed"),
        _lt("Response times within the policy"),
        _lt("Complaint box and contact channels available"),
    ),
    "interview": (
        _lt("Satisfaction with the reception"),
        _lt("Satisfaction with the time to answer"),
        _lt("Suggestions for improvement recorded"),
    ),
}


class BeneficiaryVisit(models.Model):
    """A field visit, field survey, supervisory visit or interview, with findings."""

    _name = "beneficiary.visit"
    _description = "Visit"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.reference.mixin",
        "beneficiary.workflow.guard.mixin",
    ]
    _workflow_fields = ("state", "done_date")
    _order = "planned_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    visit_type = fields.Selection(VISIT_TYPES, required=True, default="field_visit", tracking=True)
    request_id = fields.Many2one("beneficiary.request", index=True, check_company=True)
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        compute="_compute_beneficiary_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )
    branch_id = fields.Many2one("beneficiary.branch", check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    visitor_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    planned_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    done_date = fields.Date(readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="planned",
        tracking=True,
        index=True,
        copy=False,
    )
    checklist_ids = fields.One2many("beneficiary.visit.checklist", "visit_id", copy=True)
    findings = fields.Html()
    follow_up_actions = fields.Html()

    @api.depends("request_id")
    def _compute_beneficiary_id(self):
        for visit in self:
            if visit.request_id.beneficiary_id:
                visit.beneficiary_id = visit.request_id.beneficiary_id

    @api.model
    def _default_checklist(self, visit_type):
        return [
            fields.Command.create({"name": item._translate(self.env.lang), "sequence": index})
            for index, item in enumerate(VISIT_CHECKLISTS.get(visit_type, ()))
        ]

    @api.onchange("visit_type")
    def _onchange_visit_type(self):
        """Propose the usual checklist of the visit type."""
        if not self.checklist_ids:
            self.checklist_ids = self._default_checklist(self.visit_type)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "checklist_ids" not in vals:
                vals["checklist_ids"] = self._default_checklist(
                    vals.get("visit_type", "field_visit")
                )
        return super().create(vals_list)

    @api.constrains("visit_type", "beneficiary_id", "branch_id")
    def _check_subject(self):
        for visit in self:
            if visit.visit_type == "supervisory" and not visit.branch_id:
                raise ValidationError(
                    self.env._("A supervisory visit needs the branch office visited.")
                )
            if visit.visit_type == "field_visit" and not visit.beneficiary_id:
                raise ValidationError(self.env._("A field visit needs the beneficiary visited."))

    @workflow_transition
    def action_done(self):
        for visit in self:
            if visit.state != "planned":
                raise UserError(self.env._("Only a planned visit can be marked as done."))
            if not visit.findings or not visit.findings.striptags().strip():
                raise UserError(self.env._("Record the findings of the visit before closing it."))
            unchecked = visit.checklist_ids.filtered(lambda item: not item.is_checked)
            if unchecked:
                raise UserError(
                    self.env._(
                        "These checklist items are not checked yet: %(items)s",
                        items=", ".join(unchecked.mapped("name")),
                    )
                )
        self.write({"state": "done", "done_date": fields.Date.context_today(self)})
        return True

    @workflow_transition
    def action_cancel(self):
        if any(visit.state == "done" for visit in self):
            raise UserError(self.env._("A visit already done cannot be cancelled."))
        self.write({"state": "cancelled"})
        return True
