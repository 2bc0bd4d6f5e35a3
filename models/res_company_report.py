import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    beneficiary_licence_number = fields.Char(
        string="Licence Number",
        help="The association's registration licence number, printed on its letterhead.",
    )
    beneficiary_licence_authority = fields.Char(
        string="Licence Issued By",
        translate=True,
        help="The authority that issued the licence, e.g. the National Center for the "
        "Development of the Non-Profit Sector.",
    )

    def _beneficiary_demo_set_currency(self, currency_id):
        """Give the demo association its currency: called by the demo data only.

        Accounting forbids changing the currency of a company that has journal
        items, and the account module's demo data (invoices, payments and bank
        statements in US dollars) is loaded before this module's. When the
        company's only journal items are that demo data, it is removed the way a
        user would (statement lines, payments, then the moves reset to draft and
        deleted) and the currency is set; the module's own demo records are then
        created in riyals. Anything else (entries made by a user, a database
        without demo data) leaves the currency as it is. Returns the companies
        whose currency was set.
        """
        currency = self.env["res.currency"].browse(currency_id)
        account_demo = self.env["ir.module.module"].search(
            [("name", "=", "account"), ("demo", "=", True)], limit=1
        )
        changed = self.browse()
        for company in self:
            if company.currency_id == currency:
                continue
            companies = [("company_id", "child_of", company.root_id.id)]
            moves = self.env["account.move"].search(companies)
            if moves and (not account_demo or moves.create_uid != self.env.ref("base.user_root")):
                _logger.info(
                    "The currency of %s stays %s: it has journal items of its own.",
                    company.name,
                    company.currency_id.name,
                )
                continue
            self.env["account.bank.statement.line"].search(companies).unlink()
            payments = self.env["account.payment"].search(companies)
            payments.action_draft()
            payments.unlink()
            moves = moves.exists()
            moves.filtered(lambda move: move.state != "draft").button_draft()
            moves.with_context(force_delete=True).unlink()
            currency.active = True
            company.currency_id = currency
            changed |= company
        return changed
