from odoo import fields, models


class BeneficiaryReportBase(models.AbstractModel):
    """Rendering values shared by the module's PDF reports.

    Reports are printed in the user's language and, for Arabic, right to left.
    Every date is printed Hijri (Umm al-Qura) and Gregorian by the ``hijri_date``
    widget (``ir.qweb.field.hijri_date``), free text by the ``report_text`` widget.
    The records are read as the user: a file they cannot read does not print.
    """

    _name = "beneficiary.report.base"
    _description = "Beneficiary Report Helpers"

    # The model printed by the concrete report.
    _report_model = None

    def _report_direction(self):
        lang = self.env["res.lang"]._get_data(code=self.env.lang or self.env.user.lang)
        return (lang and lang.direction) or "ltr"

    def _selection_label(self, record, field_name):
        field = record._fields[field_name]
        return dict(field._description_selection(self.env)).get(record[field_name], "")

    def _get_docs(self, docids):
        docs = self.env[self._report_model].browse(docids)
        docs.check_access("read")
        return docs

    def _get_report_values(self, docids, data=None):
        docs = self._get_docs(docids)
        return {
            "doc_ids": docs.ids,
            "doc_model": self._report_model,
            "docs": docs,
            "data": data,
            "label": self._selection_label,
            "report_dir": self._report_direction(),
            "print_date": fields.Date.context_today(self),
        }
