from odoo import models


class ResCompany(models.Model):
    """Accounting defaults for paying beneficiaries (kept apart from the core)."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _beneficiary_payment_defaults(self):
        """(purchase journal, expense account) used to pay beneficiaries by vendor bill."""
        self.ensure_one()
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self), ("type", "=", "purchase")],
            limit=1,
        )
        account = self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(self),
                ("account_type", "=", "expense"),
            ],
            limit=1,
        )
        return journal, account
