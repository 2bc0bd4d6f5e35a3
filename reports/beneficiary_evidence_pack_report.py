from odoo import models


class BeneficiaryEvidencePackReport(models.AbstractModel):
    """The governance evidence pack of a period."""

    _name = "report.beneficiary_relations.report_evidence_pack"
    _inherit = "beneficiary.report.base"
    _description = "Governance Evidence Pack Report"
    _report_model = "beneficiary.evidence.pack.wizard"
