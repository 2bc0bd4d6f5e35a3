from odoo import models


class BeneficiaryPolicyReport(models.AbstractModel):
    """The policy as approved by the board, with the approval's references."""

    _name = "report.beneficiary_relations.report_policy"
    _inherit = "beneficiary.report.base"
    _description = "Policy Report"
    _report_model = "beneficiary.policy"
