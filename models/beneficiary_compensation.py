from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .beneficiary_workflow_guard_mixin import workflow_transition

COMPENSATION_STATES = [
    ("draft", "Draft"),
    ("evidence", "Evidence Recorded"),
    ("negotiation", "Negotiation"),
    ("agreed", "Agreed"),
    ("paid", "Paid"),
    ("refused", "Refused"),
]

GROUNDS = [
    ("association_harm", "The association caused the harm (investigation minutes)"),
    ("ruling", "Final court or dispute-authority ruling"),
]


class BeneficiaryCompensation(models.Model):
    """Compensation of a complainant, only on one of the policy's grounds.

    Either the association caused the harm, as established by dated minutes of
    the investigation committee approved by its members (stating the harm, its
    size and its causes), or a final ruling orders it. Then a negotiation is
    logged, an amount agreed and accepted with the beneficiary's signature.
    """

    _name = "beneficiary.compensation"
    _description = "Compensation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.reference.mixin",
        "beneficiary.workflow.guard.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "acceptance_date",
        "paid_date",
        "refusal_reason",
        "move_id",
        "complaint_id",
    )

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    complaint_id = fields.Many2one(
        "beneficiary.complaint", required=True, ondelete="restrict", index=True, check_company=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="complaint_id.partner_id", store=True, string="Beneficiary"
    )
    beneficiary_id = fields.Many2one(related="complaint_id.beneficiary_id", store=True)
    state = fields.Selection(
        COMPENSATION_STATES, required=True, default="draft", tracking=True, index=True, copy=False
    )
    ground = fields.Selection(GROUNDS, tracking=True)
    # --- ground 1: investigation committee minutes
    investigation_decision_id = fields.Many2one(
        "beneficiary.committee.decision",
        domain="[('committee_id.kind', '=', 'investigation'), ('complaint_id', '=', complaint_id)]",
    )
    investigation_date = fields.Datetime(related="investigation_decision_id.date")
    harm_description = fields.Text(string="Harm")
    harm_size = fields.Text(string="Size of the Harm")
    harm_causes = fields.Text(string="Causes of the Harm")
    # --- ground 2: final ruling
    ruling_number = fields.Char()
    ruling_date = fields.Date()
    ruling_authority = fields.Char(help="Court or dispute-resolution authority.")
    ruling_document = fields.Binary(attachment=True)
    ruling_document_name = fields.Char()
    # --- negotiation and agreement
    negotiation_ids = fields.One2many(
        "beneficiary.compensation.negotiation", "compensation_id", string="Negotiation Log"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    agreed_amount = fields.Monetary(tracking=True)
    acceptance_signature = fields.Image(max_width=1024, max_height=512, copy=False, attachment=True)
    acceptance_signer = fields.Char(copy=False)
    acceptance_date = fields.Datetime(readonly=True, copy=False)
    payment_reference = fields.Char(copy=False, tracking=True)
    paid_date = fields.Date(readonly=True, copy=False)
    refusal_reason = fields.Text(readonly=True, copy=False)

    # What the beneficiary accepted stays as accepted.
    _workflow_accepted_fields = (
        "ground",
        "investigation_decision_id",
        "harm_description",
        "harm_size",
        "harm_causes",
        "ruling_number",
        "ruling_date",
        "ruling_authority",
        "ruling_document",
        "agreed_amount",
        "acceptance_signature",
        "acceptance_signer",
    )

    _sql_constraints = [
        ("agreed_amount_positive", "CHECK(agreed_amount >= 0)", "The amount cannot be negative."),
    ]

    def _workflow_actions_hint(self):
        return self.env._("the buttons of the compensation case")

    def _workflow_extra_locked_fields(self, vals):
        locked = set()
        if any(case.state in ("agreed", "paid", "refused") for case in self):
            locked |= set(self._workflow_accepted_fields).intersection(vals)
        if "payment_reference" in vals and any(
            case.state == "paid" or case.move_id for case in self
        ):
            locked.add("payment_reference")
        return locked

    @api.constrains("complaint_id")
    def _check_complaint(self):
        for compensation in self:
            if compensation.complaint_id.is_anonymous:
                raise ValidationError(
                    self.env._("An anonymous complaint cannot lead to compensation.")
                )

    @api.constrains("agreed_amount")
    def _check_amount(self):
        if any(compensation.agreed_amount < 0 for compensation in self):
            raise ValidationError(self.env._("The amount cannot be negative."))

    # ------------------------------------------------------------------ grounds
    @api.model
    def _evidence_pack_section(self, wizard):
        """Compensation figures of the governance evidence pack for the wizard's period."""
        start, end = wizard._utc_bounds()
        cases = self.search(
            [
                ("company_id", "=", wizard.company_id.id),
                ("create_date", ">=", start),
                ("create_date", "<", end),
            ]
        )
        paid = cases.filtered(lambda case: case.state == "paid")
        by_ground = {
            ground: len(cases.filtered(lambda case, ground=ground: case.ground == ground))
            for ground, _label in GROUNDS
        }
        return [
            (self.env._("Compensation cases opened"), len(cases)),
            (self.env._("On investigation minutes"), by_ground["association_harm"]),
            (self.env._("On a final ruling"), by_ground["ruling"]),
            (self.env._("Refused"), len(cases.filtered(lambda case: case.state == "refused"))),
            (self.env._("Paid"), len(paid)),
            (self.env._("Amount paid"), sum(paid.mapped("agreed_amount"))),
        ]

    def _ground_problems(self):
        """What is missing for the recorded ground to justify compensation."""
        self.ensure_one()
        problems = []
        if self.ground == "association_harm":
            decision = self.investigation_decision_id
            if not decision:
                problems.append(self.env._("Choose the investigation committee's decision."))
            else:
                if decision.committee_id.kind != "investigation":
                    problems.append(
                        self.env._("The decision must be taken by an investigation committee.")
                    )
                if decision.complaint_id != self.complaint_id:
                    problems.append(self.env._("The decision must be about this complaint."))
                if decision.outcome != "approve":
                    problems.append(
                        self.env._("The investigation committee did not establish the harm.")
                    )
                if not decision.locked:
                    problems.append(
                        self.env._(
                            "The minutes of the investigation meeting %(meeting)s are not yet "
                            "approved by its members.",
                            meeting=decision.meeting_id.name,
                        )
                    )
            for field_name in ("harm_description", "harm_size", "harm_causes"):
                if not (self[field_name] or "").strip():
                    problems.append(
                        self.env._(
                            "%(field)s is required.",
                            field=self._fields[field_name].get_description(self.env)["string"],
                        )
                    )
        elif self.ground == "ruling":
            for field_name in (
                "ruling_number",
                "ruling_date",
                "ruling_authority",
                "ruling_document",
            ):
                if not self[field_name]:
                    problems.append(
                        self.env._(
                            "%(field)s is required.",
                            field=self._fields[field_name].get_description(self.env)["string"],
                        )
                    )
        else:
            problems.append(
                self.env._(
                    "Compensation is only due when the association caused the harm or a final "
                    "ruling orders it: record the ground."
                )
            )
        return problems

    def _raise_problems(self, problems):
        if problems:
            raise UserError("\n".join(f"- {problem}" for problem in problems))

    # ------------------------------------------------------------------ flow
    @workflow_transition
    def action_record_evidence(self):
        self._check_state(
            ("draft",),
            self.env._("The evidence of compensation %(record)s is already recorded."),
        )
        for compensation in self:
            compensation._raise_problems(compensation._ground_problems())
        self.write({"state": "evidence"})
        return True

    @workflow_transition
    def action_start_negotiation(self):
        self._check_state(
            ("evidence",),
            self.env._(
                "Negotiation on compensation %(record)s starts only once its evidence is recorded."
            ),
        )
        self.write({"state": "negotiation"})
        return True

    @workflow_transition
    def action_agree(self):
        self._check_state(
            ("negotiation",),
            self.env._("Compensation %(record)s can only be agreed during the negotiation."),
        )
        for compensation in self:
            problems = compensation._ground_problems()
            if not compensation.negotiation_ids:
                problems.append(self.env._("Log the negotiation with the beneficiary first."))
            if compensation.agreed_amount <= 0:
                problems.append(self.env._("Enter the agreed amount."))
            if (
                not compensation.acceptance_signature
                or not (compensation.acceptance_signer or "").strip()
            ):
                problems.append(
                    self.env._("The beneficiary's signed acceptance of the amount is required.")
                )
            compensation._raise_problems(problems)
        self.write({"state": "agreed", "acceptance_date": fields.Datetime.now()})
        return True

    @workflow_transition
    def action_mark_paid(self):
        self._check_state(
            ("agreed",), self.env._("Compensation %(record)s can only be paid once agreed.")
        )
        for compensation in self:
            if not (compensation.payment_reference or "").strip():
                raise UserError(self.env._("Enter the payment reference."))
        self.write({"state": "paid", "paid_date": fields.Date.context_today(self)})
        return True

    def action_refuse(self):
        """Ask the reason, then refuse the compensation."""
        return self.env["beneficiary.reason.wizard"].action_open(
            self, "_do_refuse", self.env._("Refuse the Compensation")
        )

    @workflow_transition
    def _do_refuse(self, reason):
        self._check_state(
            ("draft", "evidence", "negotiation"),
            self.env._("Compensation %(record)s can no longer be refused."),
        )
        if not (reason or "").strip():
            raise UserError(self.env._("Please give the reason."))
        self.write({"state": "refused", "refusal_reason": reason.strip()})
        return True
