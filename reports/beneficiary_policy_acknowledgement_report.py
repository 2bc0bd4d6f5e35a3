from odoo import models


class BeneficiaryPolicyAcknowledgementReport(models.AbstractModel):
    """The employee's signed acknowledgement of the policy, in the signer's language."""

    _name = "report.beneficiary_relations.report_policy_acknowledgement"
    _inherit = "beneficiary.report.base"
    _description = "Policy Acknowledgement Report"
    _report_model = "beneficiary.policy.acknowledgement"
