import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

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
        """Give the demo association its currency, the supported way.

        Accounting forbids changing the currency of a company that has journal
        items. The currency is set only while the company has none (a database
        created for Saudi Arabia, or before any invoice); otherwise it is left as
        it is and logged. Returns the companies whose currency was set.
        """
        currency = self.env["res.currency"].browse(currency_id)
        changed = self.browse()
        for company in self:
            if company.currency_id == currency:
                continue
            if company.root_id._existing_accounting():
                _logger.info(
                    "The currency of %s stays %s: it already has journal items.",
                    company.name,
                    company.currency_id.name,
                )
                continue
            currency.active = True
            company.currency_id = currency
            changed |= company
        return changed
