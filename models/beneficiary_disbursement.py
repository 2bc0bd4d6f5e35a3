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
    """One instalment of approved aid, paid by a vendor bill to the beneficiary."""

    _name = "beneficiary.disbursement"
    _description = "Aid Disbursement"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "analytic.mixin",
        "beneficiary.reference.mixin",
        "beneficiary.workflow.guard.mixin",
        "beneficiary.payment.account.mixin",
    ]
    _order = "request_id, instalment, id"
    _check_company_auto = True
    _workflow_fields = ("state", "move_id", "instalment", "confirmed_by_id")

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    request_id = fields.Many2one(
        "beneficiary.request",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('state', 'in', ('approved', 'delivered')), ('approved_amount', '>', 0)]",
    )
    beneficiary_id = fields.Many2one(related="request_id.beneficiary_id", store=True, index=True)
    partner_id = fields.Many2one(related="request_id.partner_id", string="Paid To")
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
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
    move_id = fields.Many2one("account.move", string="Vendor Bill", readonly=True, copy=False)
    payment_state = fields.Selection(related="move_id.payment_state", string="Payment")
    is_paid = fields.Boolean(
        string="Paid", compute="_compute_is_paid", store=True, index=True, copy=False
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A disbursement must be a positive amount."),
    ]

    def _workflow_actions_hint(self):
        return self.env._("the Confirm and Create Bill and Cancel buttons of the disbursement")

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
        disbursements = super().create(vals_list)
        disbursements._check_request_payable()
        return disbursements

    def write(self, vals):
        if set(vals) & {"request_id", "amount", "journal_id", "account_id"} and any(
            disbursement.state != "draft" for disbursement in self
        ):
            raise UserError(self.env._("Only a draft disbursement can be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(disbursement.state not in ("draft", "cancelled") for disbursement in self):
            raise UserError(self.env._("A confirmed disbursement cannot be deleted."))

    def _check_request_payable(self):
        for disbursement in self:
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
        """Check the approved amount, then create and post the vendor bill."""
        self.check_access("write")
        if any(disbursement.state != "draft" for disbursement in self):
            raise UserError(self.env._("Only a draft disbursement can be confirmed."))
        self._check_request_payable()
        self.flush_model()
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
        moves = self.env["account.move"].create([d._bill_values() for d in self])
        moves.action_post()
        for disbursement, move in zip(self, moves, strict=True):
            disbursement.write(
                {"state": "confirmed", "move_id": move.id, "confirmed_by_id": self.env.uid}
            )
        return True

    def _bill_values(self):
        self.ensure_one()
        if not self.journal_id or not self.account_id:
            raise UserError(
                self.env._(
                    "Set the purchase journal and the expense account of %(disbursement)s.",
                    disbursement=self.name,
                )
            )
        return {
            "move_type": "in_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": self.journal_id.id,
            "invoice_date": self.date,
            "date": self.date,
            "ref": self.env._(
                "%(request)s - instalment %(number)s",
                request=self.request_id.name,
                number=self.instalment,
            ),
            "invoice_line_ids": [
                fields.Command.create(
                    {
                        "name": self.env._(
                            "Approved aid %(request)s (%(decision)s)",
                            request=self.request_id.name,
                            decision=self.request_id.decision_id.name,
                        ),
                        "account_id": self.account_id.id,
                        "quantity": 1,
                        "price_unit": self.amount,
                        "tax_ids": [fields.Command.clear()],
                        "analytic_distribution": self.analytic_distribution,
                    }
                )
            ],
        }

    @workflow_transition
    def action_cancel(self):
        """Cancel a draft, or a confirmed disbursement whose bill is not paid."""
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
        if confirmed:
            confirmed._lock_requests()
            confirmed.request_id.invalidate_recordset(["disbursed_amount"])
            confirmed.move_id.button_cancel()
        self.write({"state": "cancelled"})
        self.flush_recordset(["state"])
        for request in confirmed.request_id:
            request.sudo().write({"disbursed_amount": self._committed(request)[0]})
        return True

    def action_view_bill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }
