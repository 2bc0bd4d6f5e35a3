import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.counted import counted
from ..tools.hijri import WEEKDAY_NAMES, format_hijri, from_hijri, to_hijri
from .beneficiary_workflow_guard_mixin import workflow_transition

POLICY_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved by the Board"),
    ("published", "Published"),
    ("superseded", "Superseded"),
]

_HIJRI_RE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*(?:هـ|AH)?\s*$")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _weekdays_in(text):
    """The weekday numbers (Monday = 0) named in ``text``, Arabic or English."""
    found = set()
    text = text or ""
    lowered = text.lower()
    for number, name in enumerate(WEEKDAY_NAMES["en"]):
        if re.search(rf"\b{name.lower()}\b", lowered):
            found.add(number)
    for number, name in enumerate(WEEKDAY_NAMES["ar"]):
        # "الإثنين" is also written "الاثنين": any alif after the article matches.
        pattern = f"ال[اإأ]{name[3:]}" if name[2:3] in ("ا", "إ", "أ") else name
        if re.search(rf"(?<![\u0621-\u064a]){pattern}(?![\u0621-\u064a])", text):
            found.add(number)
    return found


class BeneficiaryPolicy(models.Model):
    """A version of the Beneficiary Relations Policy approved by the board."""

    _name = "beneficiary.policy"
    _description = "Beneficiary Relations Policy Version"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.workflow.guard.mixin"]
    _order = "effective_date desc, id desc"
    _workflow_fields = ("state", "approved_by_id", "published_date")

    name = fields.Char(string="Title", required=True, tracking=True, translate=True)
    version = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    body = fields.Html(string="Policy Text", translate=True, sanitize=True)
    attachment = fields.Binary(string="Policy PDF", attachment=True)
    attachment_name = fields.Char()
    effective_date = fields.Date(tracking=True)
    state = fields.Selection(
        POLICY_STATES,
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
    )
    # --- board approval
    board_meeting_number = fields.Char(string="Board Session Number", tracking=True)
    board_decision_number = fields.Char(tracking=True)
    approval_date = fields.Date(tracking=True)
    approval_date_hijri = fields.Char(
        string="Approval Date (Hijri)",
        help="Day/month/year in the Umm al-Qura calendar, e.g. 02/06/1444.",
    )
    approval_text = fields.Text(
        help="The wording of the board's approval; a weekday it names must match the date."
    )
    chair_name = fields.Char(string="Board Chair")
    chair_signature = fields.Binary(copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    published_date = fields.Datetime(readonly=True, copy=False)
    public = fields.Boolean(
        string="Show on Public Page",
        help="Once published, show this version on /beneficiary-relations/policy.",
    )
    # --- acknowledgement
    department_ids = fields.Many2many(
        "hr.department",
        string="Departments",
        help="Only employees of these departments acknowledge; all departments when empty.",
    )
    acknowledgement_ids = fields.One2many(
        "beneficiary.policy.acknowledgement", "policy_id", string="Acknowledgements"
    )
    acknowledgement_count = fields.Integer(compute="_compute_coverage")
    signed_count = fields.Integer(compute="_compute_coverage")
    coverage = fields.Float(string="Coverage (%)", compute="_compute_coverage")

    _sql_constraints = [
        (
            "version_company_unique",
            "unique(name, version, company_id)",
            "This version of the policy already exists.",
        ),
    ]

    # ------------------------------------------------------------------ Hijri
    def _workflow_actions_hint(self):
        return self.env._("the policy's Approve, Publish and Back to Draft buttons")

    @api.onchange("approval_date_hijri")
    def _onchange_approval_date_hijri(self):
        for policy in self:
            if policy.approval_date_hijri:
                policy.approval_date = policy._parse_hijri(policy.approval_date_hijri)

    @api.onchange("approval_date")
    def _onchange_approval_date(self):
        for policy in self:
            policy.approval_date_hijri = self._hijri_text(policy.approval_date)

    @api.model
    def _hijri_text(self, date):
        hijri = to_hijri(date)
        return f"{hijri[2]:02d}/{hijri[1]:02d}/{hijri[0]}" if hijri else False

    def _fill_approval_dates(self, vals):
        """Entering one of the approval dates fills the other."""
        if vals.get("approval_date_hijri") and not vals.get("approval_date"):
            vals["approval_date"] = self._parse_hijri(vals["approval_date_hijri"])
        elif "approval_date" in vals and not vals.get("approval_date_hijri"):
            vals["approval_date_hijri"] = self._hijri_text(
                fields.Date.to_date(vals["approval_date"])
            )
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._fill_approval_dates(vals)
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._fill_approval_dates(vals))

    def _parse_hijri(self, text):
        match = _HIJRI_RE.match((text or "").translate(_ARABIC_DIGITS))
        if not match:
            raise ValidationError(
                self.env._("Write the Hijri date as day/month/year, e.g. 02/06/1444.")
            )
        day, month, year = (int(part) for part in match.groups())
        try:
            return from_hijri(year, month, day)
        except ValueError as error:
            raise ValidationError(
                self.env._("%(date)s is not a valid Hijri date.", date=text)
            ) from error

    @api.constrains("approval_date", "approval_date_hijri", "approval_text")
    def _check_approval_date(self):
        for policy in self:
            if policy.approval_date_hijri and policy.approval_date:
                if policy._parse_hijri(policy.approval_date_hijri) != policy.approval_date:
                    raise ValidationError(
                        self.env._(
                            "The Hijri approval date %(hijri)s is not %(date)s.",
                            hijri=policy.approval_date_hijri,
                            date=policy.approval_date,
                        )
                    )
            named = _weekdays_in(policy.approval_text)
            if policy.approval_date and named and policy.approval_date.weekday() not in named:
                lang = self.env.lang
                raise ValidationError(
                    self.env._(
                        "The approval text names %(named)s, but %(date)s (%(hijri)s) "
                        "was a %(weekday)s.",
                        named=", ".join(
                            WEEKDAY_NAMES["ar" if (lang or "").startswith("ar") else "en"][day]
                            for day in sorted(named)
                        ),
                        date=policy.approval_date,
                        hijri=format_hijri(policy.approval_date, lang),
                        weekday=WEEKDAY_NAMES["ar" if (lang or "").startswith("ar") else "en"][
                            policy.approval_date.weekday()
                        ],
                    )
                )

    # ------------------------------------------------------------------ coverage
    @api.depends("acknowledgement_ids.state")
    def _compute_coverage(self):
        counts = {
            (policy.id, state): count
            for policy, state, count in self.env["beneficiary.policy.acknowledgement"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id", "state"], ["__count"]
            )
        }
        for policy in self:
            signed = counts.get((policy.id, "signed"), 0)
            total = signed + counts.get((policy.id, "pending"), 0)
            policy.acknowledgement_count = total
            policy.signed_count = signed
            policy.coverage = 100.0 * signed / total if total else 0.0

    # ------------------------------------------------------------------ workflow
    def _check_distributor(self):
        """HR or executive management distributes the policy, as the company decides."""
        if self.env.su:
            return
        for company in self.company_id:
            if company.beneficiary_policy_distributor == "management":
                group, label = (
                    "beneficiary_relations.group_beneficiary_manager",
                    self.env._("executive management"),
                )
            else:
                group, label = "hr.group_hr_user", self.env._("human resources")
            if not self.env.user.has_group(group):
                raise UserError(
                    self.env._(
                        "In %(company)s the policy is distributed by %(who)s.",
                        company=company.name,
                        who=label,
                    )
                )

    @api.model
    def _evidence_pack_section(self, wizard):
        """The policy in force during the wizard's period, with its board approval."""
        policy = self.search(
            [
                ("company_id", "=", wizard.company_id.id),
                ("state", "in", ("published", "superseded")),
                ("approval_date", "<=", wizard.date_to),
            ],
            order="approval_date desc, id desc",
            limit=1,
        )
        if not policy:
            return [(self.env._("Approved policy"), self.env._("None approved in the period"))]
        return [
            (self.env._("Approved policy"), f"{policy.name} ({policy.version})"),
            (self.env._("Board session number"), policy.board_meeting_number or ""),
            (self.env._("Board decision number"), policy.board_decision_number or ""),
            (self.env._("Approval date"), policy.approval_date or None),
            (self.env._("Approval date (Hijri)"), policy.approval_date_hijri or ""),
            (self.env._("Board chair"), policy.chair_name or ""),
        ]

    @workflow_transition
    def action_approve(self):
        self._check_state(
            ("draft",),
            self.env._("Approving policy %(record)s is not possible: it is no longer a draft."),
        )
        for policy in self:
            missing = [
                label
                for label, value in (
                    (self.env._("board session number"), policy.board_meeting_number),
                    (self.env._("decision number"), policy.board_decision_number),
                    (self.env._("approval date"), policy.approval_date),
                    (self.env._("chair name"), policy.chair_name),
                    (self.env._("chair signature"), policy.chair_signature),
                    (self.env._("policy text or PDF"), policy.body or policy.attachment),
                )
                if not value
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Record the board approval before approving %(policy)s: %(missing)s.",
                        policy=policy.name,
                        missing=", ".join(missing),
                    )
                )
        self.write({"state": "approved", "approved_by_id": self.env.uid})

    @workflow_transition
    def action_publish(self):
        """Publish the approved version, supersede the previous one and ask every
        employee to acknowledge it."""
        self._check_state(
            ("approved",),
            self.env._("Publishing policy %(record)s is not possible: it is not approved."),
        )
        self._check_distributor()
        for policy in self:
            previous = self.search(
                [
                    ("company_id", "=", policy.company_id.id),
                    ("state", "=", "published"),
                    ("id", "!=", policy.id),
                ]
            )
            previous.write({"state": "superseded"})
            # A superseded version can no longer be signed: its to-dos go with it.
            unsigned = previous.acknowledgement_ids.filtered(lambda ack: ack.state != "signed")
            unsigned.sudo().activity_ids.unlink()
            policy.write(
                {
                    "state": "published",
                    "published_date": fields.Datetime.now(),
                    "effective_date": policy.effective_date or fields.Date.context_today(self),
                }
            )
        return self.action_launch_campaign()

    @workflow_transition
    def action_back_to_draft(self):
        self._check_state(
            ("approved",),
            self.env._("Returning policy %(record)s to draft is not possible: it is not approved."),
        )
        self.write({"state": "draft", "approved_by_id": False})

    def _campaign_employees(self):
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id), ("active", "=", True)]
        if self.department_ids:
            domain.append(("department_id", "child_of", self.department_ids.ids))
        return self.env["hr.employee"].sudo().search(domain)

    def action_launch_campaign(self):
        """Ask the employees who have not been asked yet to acknowledge the policy."""
        created = self._launch_campaign()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if created else "info",
                "message": self.env._(
                    "%(employees)s asked to sign the policy.",
                    employees=counted(len(created), "employee", self.env.lang),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _launch_campaign(self):
        """Create the missing acknowledgements of every active employee and notify them."""
        self._check_state(
            ("published",),
            self.env._(
                "Asking employees to sign policy %(record)s is not possible: it is not published."
            ),
        )
        self._check_distributor()
        Acknowledgement = self.env["beneficiary.policy.acknowledgement"].sudo()
        created = Acknowledgement
        for policy in self:
            employees = policy._campaign_employees() - policy.acknowledgement_ids.employee_id
            created |= Acknowledgement.create(
                [{"policy_id": policy.id, "employee_id": employee.id} for employee in employees]
            )
        created._notify_employees()
        return created

    def action_view_acknowledgements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_policy_acknowledgement_action"
        )
        action["domain"] = [("policy_id", "=", self.id)]
        action["context"] = {"search_default_group_department": 1}
        return action

    @api.model
    def _public_policy(self, company=None):
        """The published version shown on the public page, if any."""
        company = company or self.env.company
        return self.sudo().search(
            [("company_id", "=", company.id), ("state", "=", "published"), ("public", "=", True)],
            limit=1,
        )
