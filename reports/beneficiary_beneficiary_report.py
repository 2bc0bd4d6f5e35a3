from odoo import models


class BeneficiaryBeneficiaryReport(models.AbstractModel):
    """The beneficiary file (ملف المستفيد)."""

    _name = "report.beneficiary_relations.report_beneficiary_file"
    _inherit = "beneficiary.report.base"
    _description = "Beneficiary File Report"
    _report_model = "beneficiary.beneficiary"
