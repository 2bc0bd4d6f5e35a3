from odoo import models
from odoo.exceptions import UserError


class BeneficiaryCommitteeDecisionReport(models.AbstractModel):
    """The letter telling the applicant the committee's decision."""

    _name = "report.beneficiary_relations.report_decision_letter"
    _inherit = "beneficiary.report.base"
    _description = "Decision Letter Report"
    _report_model = "beneficiary.committee.decision"

    def _get_docs(self, docids):
        docs = super()._get_docs(docids)
        deferred = docs.filtered(lambda decision: decision.outcome == "defer")
        if deferred:
            raise UserError(
                self.env._(
                    "Decision %(decision)s defers the request to a later meeting: there is no "
                    "decision to send to the applicant yet.",
                    decision=deferred[0].name,
                )
            )
        return docs
