from odoo import api, fields, models
from odoo.exceptions import UserError

ENTITLEMENT_STATES = [
    ("draft", "To Approve"),
    ("approved", "Approved"),
    ("paid", "Billed"),
    ("cancelled", "Cancelled"),
]


class BeneficiaryProgramEntitlement(models.Model):
    """What one beneficiary receives in one program cycle, paid by a vendor bill."""

    _name = "beneficiary.program.entitlement"
    _description = "Program Entitlement"
    _order = "cycle_id desc, id"
    _rec_name = "beneficiary_id"
    _check_company_auto = True

    cycle_id = fields.Many2one(
        "beneficiary.program.cycle", required=True, ondelete="cascade", index=True, readonly=True
    )
    program_id = fields.Many2one(
        related="cycle_id.program_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="cycle_id.company_id", store=True, index=True, precompute=True
    )
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        string="Beneficiary File",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Paid To",
        compute="_compute_partner_id",
        store=True,
        precompute=True,
        index=True,
    )
    category_id = fields.Many2one(
        "beneficiary.category",
        compute="_compute_partner_id",
        store=True,
        precompute=True,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True, readonly=True)
    date = fields.Date(related="cycle_id.date_start", store=True, string="Cycle Date")
    state = fields.Selection(
        ENTITLEMENT_STATES, required=True, default="draft", index=True, readonly=True
    )
    move_id = fields.Many2one("account.move", string="Vendor Bill", readonly=True, copy=False)
    payment_state = fields.Selection(related="move_id.payment_state", string="Payment")

    _sql_constraints = [
        (
            "cycle_beneficiary_unique",
            "unique(cycle_id, beneficiary_id)",
            "A beneficiary receives one entitlement per cycle.",
        ),
        ("amount_positive", "CHECK(amount > 0)", "An entitlement must be a positive amount."),
    ]

    @api.depends("beneficiary_id")
    def _compute_partner_id(self):
        for entitlement in self:
            beneficiary = entitlement.beneficiary_id.sudo()
            entitlement.partner_id = beneficiary.partner_id
            entitlement.category_id = beneficiary.category_id

    @api.ondelete(at_uninstall=False)
    def _unlink_never_billed(self):
        if any(entitlement.move_id for entitlement in self):
            raise UserError(self.env._("A billed entitlement cannot be deleted."))

    def _create_bills(self):
        """One posted vendor bill per entitlement, charged to the program's analytic
        account, with the accounts used for every payment to beneficiaries."""
        if not self:
            return
        if any(entitlement.state != "approved" or entitlement.move_id for entitlement in self):
            raise UserError(self.env._("Only approved entitlements without a bill can be paid."))
        moves = self.env["account.move"].create([e._bill_values() for e in self])
        moves.action_post()
        for entitlement, move in zip(self, moves, strict=True):
            entitlement.sudo().write({"state": "paid", "move_id": move.id})

    def _bill_values(self):
        self.ensure_one()
        program = self.program_id
        if not program.journal_id or not program.account_id:
            raise UserError(
                self.env._(
                    "Set the purchase journal and the expense account of program %(program)s.",
                    program=program.name,
                )
            )
        distribution = (
            {str(program.analytic_account_id.id): 100} if program.analytic_account_id else False
        )
        return {
            "move_type": "in_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": program.journal_id.id,
            "invoice_date": self.cycle_id.date_start,
            "date": self.cycle_id.date_start,
            "ref": self.cycle_id.name,
            "invoice_line_ids": [
                fields.Command.create(
                    {
                        "name": self.env._(
                            "%(program)s: cycle %(cycle)s",
                            program=program.name,
                            cycle=self.cycle_id.name,
                        ),
                        "account_id": program.account_id.id,
                        "quantity": 1,
                        "price_unit": self.amount,
                        "tax_ids": [fields.Command.clear()],
                        "analytic_distribution": distribution,
                    }
                )
            ],
        }
