from odoo import api, fields, models


class BeneficiaryRequest(models.Model):
    """What finance has disbursed of a request's approved aid (needs Invoicing)."""

    _inherit = "beneficiary.request"

    disbursement_ids = fields.One2many(
        "beneficiary.disbursement", "request_id", string="Disbursements", copy=False
    )
    # Maintained by the disbursements' confirmation while the request row is locked;
    # the CHECK constraint below makes any over-disbursement fail in the database.
    disbursed_amount = fields.Monetary(readonly=True, copy=False, default=0.0)
    disbursement_cap = fields.Monetary(
        readonly=True,
        copy=False,
        default=0.0,
        help="The approved amount when the last disbursement was confirmed.",
    )
    paid_amount = fields.Monetary(compute="_compute_paid_amount", string="Paid")
    remaining_amount = fields.Monetary(
        compute="_compute_paid_amount", string="Remaining to Disburse"
    )
    disbursement_count = fields.Integer(compute="_compute_paid_amount")

    _sql_constraints = [
        (
            "disbursed_within_approved",
            "CHECK(COALESCE(disbursed_amount, 0) <= COALESCE(disbursement_cap, 0))",
            "The total disbursed cannot exceed the approved amount.",
        ),
    ]

    @api.depends(
        "disbursement_ids.is_paid",
        "disbursement_ids.amount",
        "disbursement_ids.state",
        "approved_amount",
    )
    def _compute_paid_amount(self):
        for request in self:
            disbursements = request.sudo().disbursement_ids
            request.paid_amount = sum(disbursements.filtered("is_paid").mapped("amount"))
            # What is committed: confirmed instalments, each with its posted bill.
            committed = sum(
                disbursements.filtered(lambda d: d.state == "confirmed" and d.move_id).mapped(
                    "amount"
                )
            )
            request.remaining_amount = max(request.approved_amount - committed, 0)
            request.disbursement_count = len(disbursements)

    def action_view_disbursements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_disbursement_action"
        )
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = {
            "default_request_id": self.id,
            "default_amount": self.remaining_amount,
        }
        return action
