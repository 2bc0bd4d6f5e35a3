from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

ENTITLEMENT_STATES = [
    ("draft", "To Approve"),
    ("approved", "Approved"),
    ("paid", "Billed"),
    ("cancelled", "Cancelled"),
]


class BeneficiaryProgramEntitlement(models.Model):
    """What one beneficiary receives in one program cycle, paid by an aid
    disbursement and its vendor bill."""

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
    disbursement_ids = fields.One2many("beneficiary.disbursement", "entitlement_id", readonly=True)
    move_id = fields.Many2one(related="disbursement_ids.move_id", string="Vendor Bill")
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
    def _unlink_never_paid(self):
        if self.sudo().disbursement_ids:
            raise UserError(self.env._("A billed entitlement cannot be deleted."))

    def _pay(self):
        """Pay each approved entitlement by an aid disbursement of its amount, to the
        beneficiary, on the program's accounts and analytic account, confirmed at once
        (one posted vendor bill each); return the disbursements."""
        if not self:
            return self.env["beneficiary.disbursement"]
        if any(entitlement.state != "approved" for entitlement in self):
            raise UserError(self.env._("Only approved entitlements can be paid."))
        self.program_id._check_payment_accounts()
        disbursements = self.env["beneficiary.disbursement"].create(
            [entitlement._disbursement_values() for entitlement in self]
        )
        disbursements.action_confirm()
        return disbursements

    def _disbursement_values(self):
        """The disbursement that pays this entitlement: its amount on the cycle's date,
        with the program's journal, expense account and analytic account."""
        self.ensure_one()
        program = self.program_id
        analytic = program.analytic_account_id
        return {
            "entitlement_id": self.id,
            "amount": self.amount,
            "date": self.cycle_id.date_start,
            "journal_id": program.journal_id.id,
            "account_id": program.account_id.id,
            "analytic_distribution": {str(analytic.id): 100} if analytic else False,
        }

    @api.model
    def _migrate_bills_to_disbursements(self):
        """Entitlements paid before program payments went through the disbursements
        kept their vendor bill on themselves (the former ``move_id`` column): give each
        its confirmed disbursement of that bill, then drop the column."""
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = 'beneficiary_program_entitlement' AND column_name = 'move_id'"
            )
        )
        if not cr.fetchone():
            return self.env["beneficiary.disbursement"]
        cr.execute(
            SQL(
                """
                SELECT entitlement.id, entitlement.move_id, move.journal_id, move.create_uid
                  FROM beneficiary_program_entitlement entitlement
                  JOIN account_move move ON move.id = entitlement.move_id
                 WHERE NOT EXISTS (SELECT 1 FROM beneficiary_disbursement disbursement
                                    WHERE disbursement.entitlement_id = entitlement.id)
              ORDER BY entitlement.id
                """
            )
        )
        rows = cr.fetchall()
        entitlements = self.browse([row[0] for row in rows])
        disbursements = self.env["beneficiary.disbursement"].create(
            [
                dict(
                    entitlement._disbursement_values(),
                    journal_id=journal_id,
                    state="confirmed",
                    instalment=1,
                    move_id=move_id,
                    confirmed_by_id=user_id,
                )
                for entitlement, (_id, move_id, journal_id, user_id) in zip(
                    entitlements, rows, strict=True
                )
            ]
        )
        self.env.flush_all()
        cr.execute(SQL("ALTER TABLE beneficiary_program_entitlement DROP COLUMN move_id"))
        return disbursements
