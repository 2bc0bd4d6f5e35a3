from odoo import models


class BeneficiaryComplaintReport(models.AbstractModel):
    """The complaint report: what was complained of, how it was handled and decided."""

    _name = "report.beneficiary_relations.report_complaint"
    _inherit = "beneficiary.report.base"
    _description = "Complaint Report"
    _report_model = "beneficiary.complaint"
