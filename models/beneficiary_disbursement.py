import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .beneficiary_workflow_guard_mixin import workflow_transition

DISBURSEMENT_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
]

# States that count against the approved amount.
COMMITTED_STATES = ("confirmed",)


class BeneficiaryDisbursement(models.Model):
    """One payment of aid to a beneficiary by a vendor bill: an instalment of the
    aid a committee approved on a request, or an aid program's entitlement."""

    _name = "beneficiary.disbursement"
    _description = "Aid Disbursement"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "analytic.mixin",
        "beneficiary.reference.mixin",
        "beneficiary.workflow.guard.mixin",
        "beneficiary.billing.mixin",
    ]
    _order = "request_id, instalment, id"
    _check_company_auto = True
    _workflow_fields = ("state", "move_id", "instalment", "confirmed_by_id")

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    request_id = fields.Many2one(
        "beneficiary.request",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        domain="[('state', 'in', ('approved', 'delivered')), ('approved_amount', '>', 0)]",
    )
    entitlement_id = fields.Many2one(
        "beneficiary.program.entitlement",
        string="Program Entitlement",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        copy=False,
    )
    program_id = fields.Many2one(related="entitlement_id.program_id", store=True, index=True)
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        compute="_compute_payee",
        store=True,
        precompute=True,
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner", compute="_compute_payee", store=True, precompute=True, string="Paid To"
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_payee", store=True, precompute=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    approved_amount = fields.Monetary(related="request_id.approved_amount")
    amount = fields.Monetary(required=True, tracking=True)
    instalment = fields.Integer(readonly=True, copy=False, help="Order of the payment.")
    date = fields.Date(default=fields.Date.context_today, required=True)
    state = fields.Selection(
        DISBURSEMENT_STATES,
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
    )
    payment_state = fields.Selection(related="move_id.payment_state", string="Payment")
    is_paid = fields.Boolean(
        string="Paid", compute="_compute_is_paid", store=True, index=True, copy=False
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A disbursement must be a positive amount."),
        (
            "request_or_entitlement",
            "CHECK((request_id IS NULL) != (entitlement_id IS NULL))",
            "A disbursement pays either the approved aid of a request or a program entitlement.",
        ),
        (
            "entitlement_unique",
            "unique(entitlement_id)",
            "A program entitlement is paid by one disbursement.",
        ),
    ]

    def _workflow_actions_hint(self):
        return self.env._("the Confirm and Create Bill and Cancel buttons of the disbursement")

    @api.depends(
        "request_id.beneficiary_id",
        "request_id.partner_id",
        "request_id.company_id",
        "entitlement_id",
    )
    def _compute_payee(self):
        for disbursement in self:
            source = disbursement.request_id or disbursement.entitlement_id.sudo()
            disbursement.beneficiary_id = source.beneficiary_id
            disbursement.partner_id = source.partner_id
            disbursement.company_id = source.company_id or self.env.company

    @api.depends("move_id.payment_state", "state")
    def _compute_is_paid(self):
        for disbursement in self:
            disbursement.is_paid = disbursement.state == "confirmed" and (
                disbursement.payment_state in ("paid", "in_payment")
            )

    @api.constrains("amount")
    def _check_amount(self):
        if any(disbursement.amount <= 0 for disbursement in self):
            raise ValidationError(self.env._("A disbursement must be a positive amount."))

    @api.model_create_multi
    def create(self, vals_list):
        # One read for the whole batch: a cycle pays a thousand entitlements at once.
        entitlements = {
            entitlement.id: entitlement
            for entitlement in self.env["beneficiary.program.entitlement"]
            .sudo()
            .browse([vals["entitlement_id"] for vals in vals_list if vals.get("entitlement_id")])
        }
        # Only what is created to be confirmed is checked: a disbursement created in
        # another state is the record of a past payment (an upgrade), which the
        # workflow guard lets only the superuser create.
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                continue
            if vals.get("entitlement_id"):
                entitlement = entitlements[vals["entitlement_id"]]
                if (
                    entitlement.state != "approved"
                    or entitlement.disbursement_ids
                    or entitlement.currency_id.compare_amounts(
                        vals.get("amount", 0), entitlement.amount
                    )
                ):
                    raise ValidationError(
                        self.env._(
                            "Only an approved entitlement of a program cycle is paid, once and "
                            "by its own amount: %(entitlement)s is not.",
                            entitlement=entitlement.display_name,
                        )
                    )
            elif not vals.get("request_id"):
                raise ValidationError(
                    self.env._("Choose the approved request that the disbursement pays.")
                )
        disbursements = super().create(vals_list)
        disbursements._check_request_payable()
        return disbursements

    def write(self, vals):
        if set(vals) & {
            "request_id",
            "entitlement_id",
            "amount",
            "journal_id",
            "account_id",
        } and any(disbursement.state != "draft" for disbursement in self):
            raise UserError(self.env._("Only a draft disbursement can be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(disbursement.state not in ("draft", "cancelled") for disbursement in self):
            raise UserError(self.env._("A confirmed disbursement cannot be deleted."))

    def _check_request_payable(self):
        for disbursement in self - self.filtered("entitlement_id"):
            request = disbursement.request_id
            if request.state not in ("approved", "delivered") or not request.approved_amount:
                raise ValidationError(
                    self.env._(
                        "Request %(request)s has no approved aid amount to pay.",
                        request=request.name,
                    )
                )
            if not request.decision_id.locked:
                raise ValidationError(
                    self.env._(
                        "The decision on request %(request)s takes effect once the committee "
                        "has approved its minutes; it cannot be paid before.",
                        request=request.name,
                    )
                )
            if not request.partner_id:
                raise ValidationError(
                    self.env._("Request %(request)s has no applicant to pay.", request=request.name)
                )

    # ------------------------------------------------------------------ paying
    def _lock_requests(self):
        """Lock the requests' rows: a second finance user confirming a payment of
        the same request at the same moment fails instead of paying twice."""
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM beneficiary_request WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                    tuple(self.request_id.ids),
                ),
                log_exceptions=False,
            )
        except psycopg2.errors.LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Another payment of this request is being confirmed right now; "
                    "try again in a moment."
                )
            ) from error

    def _committed(self, request):
        """(amount, count) of the request's confirmed disbursements, each paid by its
        posted vendor bill: what the approved amount is already committed to."""
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(SUM(amount), 0), COUNT(*) FROM beneficiary_disbursement "
                "WHERE request_id = %s AND state IN %s",
                request.id,
                COMMITTED_STATES,
            )
        )
        return self.env.cr.fetchone()

    @workflow_transition
    def action_confirm(self):
        """Check what may still be paid, then create and post the vendor bills."""
        self.check_access("write")
        if any(disbursement.state != "draft" for disbursement in self):
            raise UserError(self.env._("Only a draft disbursement can be confirmed."))
        self._check_request_payable()
        self.flush_model()
        program_payments = self.filtered("entitlement_id")
        (self - program_payments)._commit_to_requests()
        program_payments._commit_to_entitlements()
        self._create_bills()
        return True

    def _commit_to_requests(self):
        """Number the instalments and keep the request's disbursed total within the
        approved amount, under a lock of the request rows."""
        if not self:
            return
        self._lock_requests()
        requests = self.request_id
        requests.invalidate_recordset(["disbursed_amount", "disbursement_cap"])
        for request in requests:
            batch = self.filtered(
                lambda disbursement, request=request: disbursement.request_id == request
            )
            already, count = self._committed(request)
            total = already + sum(batch.mapped("amount"))
            if request.currency_id.compare_amounts(total, request.approved_amount) > 0:
                raise UserError(
                    self.env._(
                        "Paying %(amount)s more on %(request)s would exceed the approved "
                        "amount of %(approved)s: %(paid)s is already disbursed.",
                        amount=sum(batch.mapped("amount")),
                        request=request.name,
                        approved=request.approved_amount,
                        paid=already,
                    )
                )
            # Kept in the same transaction and bounded by a CHECK constraint.
            request.sudo().write(
                {"disbursed_amount": total, "disbursement_cap": request.approved_amount}
            )
            for number, disbursement in enumerate(batch, start=count + 1):
                disbursement.instalment = number

    def _commit_to_entitlements(self):
        """Mark the entitlements billed, under a lock of their programs: the budget
        was committed when the cycle was generated, and an entitlement is paid by
        one disbursement only (a database constraint)."""
        if not self:
            return
        entitlements = self.entitlement_id.sudo()
        entitlements.program_id._lock()
        entitlements.invalidate_recordset(["state"])
        if any(entitlement.state != "approved" for entitlement in entitlements):
            raise UserError(self.env._("Only approved entitlements can be paid."))
        entitlements.write({"state": "paid"})
        self.instalment = 1

    def _bill_amount(self):
        return self.amount

    def _bill_date(self):
        return self.date

    def _bill_analytic_distribution(self):
        return self.analytic_distribution

    def _bill_reference(self):
        if self.entitlement_id:
            return self.entitlement_id.sudo().cycle_id.name
        return self.env._(
            "%(request)s - instalment %(number)s",
            request=self.request_id.name,
            number=self.instalment,
        )

    def _bill_label(self):
        if self.entitlement_id:
            cycle = self.entitlement_id.sudo().cycle_id
            return self.env._(
                "%(program)s: cycle %(cycle)s", program=cycle.program_id.name, cycle=cycle.name
            )
        return self.env._(
            "Approved aid %(request)s (%(decision)s)",
            request=self.request_id.name,
            decision=self.request_id.decision_id.name,
        )

    def _bill_posted_values(self, move):
        return {"state": "confirmed", "move_id": move.id, "confirmed_by_id": self.env.uid}

    def _bill_locked_domain(self):
        return [("state", "=", "confirmed")]

    def _bill_locked_message(self):
        return self.env._(
            "Vendor bill %(bill)s pays aid disbursement %(disbursement)s: cancel the "
            "disbursement instead, which cancels its bill.",
            bill=self.move_id.name,
            disbursement=self.name,
        )

    @workflow_transition
    def action_cancel(self):
        """Cancel a draft, or a confirmed disbursement whose bill is not paid. A
        program entitlement whose payment is cancelled is cancelled with it and gives
        its amount back to the program's budget."""
        self.check_access("write")
        for disbursement in self:
            if disbursement.payment_state in (
                "paid",
                "in_payment",
                "partial",
            ):
                raise UserError(
                    self.env._(
                        "%(disbursement)s is already paid: refund it in accounting.",
                        disbursement=disbursement.name,
                    )
                )
        confirmed = self.filtered(lambda disbursement: disbursement.state == "confirmed")
        requests = confirmed.request_id
        programs = self.entitlement_id.sudo().program_id
        if requests:
            confirmed._lock_requests()
            requests.invalidate_recordset(["disbursed_amount"])
        if programs:
            programs._lock()
        confirmed.move_id.button_cancel()
        self.write({"state": "cancelled"})
        self.flush_recordset(["state"])
        for request in requests:
            request.sudo().write({"disbursed_amount": self._committed(request)[0]})
        if programs:
            self.entitlement_id.sudo().write({"state": "cancelled"})
            programs._update_committed()
        return True

    def action_view_bill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }
