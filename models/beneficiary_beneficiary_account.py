from odoo import api, models


class BeneficiaryBeneficiary(models.Model):
    """Keep creating files in batch cheap with Invoicing installed."""

    _inherit = "beneficiary.beneficiary"

    @api.model_create_multi
    def create(self, vals_list):
        # Invoicing gives every new partner a default that counts the invoice
        # report templates, one query per partner; a file's contact partner
        # never chooses an invoice template.
        return super(
            BeneficiaryBeneficiary,
            self.with_context(default_display_invoice_template_pdf_report_id=False),
        ).create(vals_list)
