from odoo import models


class BeneficiaryRequestReport(models.AbstractModel):
    """The printable service-request form with the signed declaration."""

    _name = "report.beneficiary_relations.report_request_form"
    _inherit = "beneficiary.report.base"
    _description = "Request Form Report"
    _report_model = "beneficiary.request"
