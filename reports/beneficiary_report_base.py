from odoo import fields, models
from odoo.tools.misc import format_date

from ..tools.hijri import format_hijri, format_hijri_long, weekday_name


class BeneficiaryReportBase(models.AbstractModel):
    """Rendering values shared by the module's PDF reports.

    Reports are printed in the user's language and, for Arabic, right to left.
    Every date is shown as a Gregorian and a Hijri (Umm al-Qura) date; datetimes
    are first moved to the user's time zone so both name the same local day.
    The records are read as the user: a file they cannot read does not print.
    """

    _name = "beneficiary.report.base"
    _description = "Beneficiary Report Helpers"

    # The model printed by the concrete report.
    _report_model = None

    def _local_date(self, value):
        if not value:
            return False
        if isinstance(value, str):
            value = fields.Datetime.to_datetime(value) if len(value) > 10 else value
        if hasattr(value, "hour"):
            return fields.Datetime.context_timestamp(self, value).date()
        return fields.Date.to_date(value)

    def _gregorian(self, value):
        day = self._local_date(value)
        return format_date(self.env, day, date_format="dd/MM/yyyy") if day else ""

    def _hijri(self, value):
        return format_hijri(self._local_date(value), lang=self.env.lang or "en")

    def _hijri_long(self, value):
        return format_hijri_long(self._local_date(value), lang=self.env.lang or "en")

    def _weekday(self, value):
        return weekday_name(self._local_date(value), lang=self.env.lang or "en")

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
            "gregorian": self._gregorian,
            "hijri": self._hijri,
            "hijri_long": self._hijri_long,
            "weekday": self._weekday,
            "label": self._selection_label,
            "report_dir": self._report_direction(),
            "print_date": fields.Date.context_today(self),
        }
