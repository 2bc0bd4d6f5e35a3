from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """Printing a beneficiary's personal data is written to the access log."""
        report = self._get_report(report_ref)
        Model = self.env.get(report.model)
        if Model is not None and res_ids and hasattr(Model, "_access_log"):
            Model.browse(res_ids).exists()._access_log("print")
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
