from odoo import models


class BeneficiaryCompensationReport(models.AbstractModel):
    """The compensation minutes: ground, evidence, negotiation and agreement."""

    _name = "report.beneficiary_relations.report_compensation_minutes"
    _inherit = "beneficiary.report.base"
    _description = "Compensation Minutes Report"
    _report_model = "beneficiary.compensation"
