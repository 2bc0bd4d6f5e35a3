from odoo import models


class BeneficiaryDataRequestBundleReport(models.AbstractModel):
    """The copy of a person's data, answered to an access request."""

    _name = "report.beneficiary_relations.report_data_request_bundle"
    _inherit = "beneficiary.report.base"
    _description = "Personal Data Copy Report"
    _report_model = "beneficiary.data.request"

    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data)
        values["sections"] = {doc.id: doc._bundle_sections() for doc in values["docs"]}
        return values


class BeneficiaryProcessingRecordReport(models.AbstractModel):
    """Record of processing activities, built from the configuration."""

    _name = "report.beneficiary_relations.report_processing_record"
    _inherit = "beneficiary.report.base"
    _description = "Record of Processing Activities"
    _report_model = "res.company"

    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data)
        env = self.env
        values.update(
            {
                "purposes": env["beneficiary.request.type"].sudo().search([("active", "=", True)]),
                "data_categories": env["beneficiary.data.category"]
                .sudo()
                .search([("active", "=", True)]),
                "retention_rules": {
                    company.id: env["beneficiary.retention.rule"]
                    .sudo()
                    .search([("company_id", "=", company.id)])
                    for company in values["docs"]
                },
                "recipient_groups": env["res.groups"]
                .sudo()
                .search(
                    [
                        (
                            "category_id",
                            "=",
                            env.ref(
                                "beneficiary_relations.module_category_beneficiary_relations"
                            ).id,
                        )
                    ]
                ),
            }
        )
        return values
