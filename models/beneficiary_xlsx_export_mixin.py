import os
from datetime import timedelta

from odoo import api, fields, models

from ..tools.xlsx import StreamingXlsxWriter, XlsxColumn

FIELD_KINDS = {
    "integer": "integer",
    "float": "number",
    "monetary": "number",
    "date": "date",
    "datetime": "datetime",
    "boolean": "boolean",
}

EXPORT_ATTACHMENT_DESCRIPTION = "beneficiary_relations XLSX export"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BeneficiaryXlsxExportMixin(models.AbstractModel):
    """Streams a model's records to an Arabic, right-to-left XLSX file.

    A model exports by inheriting this mixin and listing its columns in
    ``_xlsx_export_fields``; computed columns that are not fields come from
    ``_xlsx_export_extra_columns`` and ``_xlsx_export_extra_values``. Records
    are read in chunks and the cache is emptied between chunks, so memory
    stays flat whatever the number of rows. Headers are the fields' labels in
    the user's language, so an Arabic user gets Arabic headers.
    """

    _name = "beneficiary.xlsx.export.mixin"
    _description = "Streaming XLSX Export"

    # Field names, in column order.
    _xlsx_export_fields = ()
    # Records read (and values held) at a time.
    _xlsx_chunk_size = 5000
    # {numeric field: field that must be set for it to mean something, or
    # (field, allowed values)}. Odoo reads an unset number as 0: without its
    # source (no answer yet, no decision...) the cell stays empty instead.
    _xlsx_export_blank_unless = {}

    # ------------------------------------------------------------------ columns
    def _xlsx_export_sheet_name(self):
        return self.env["ir.model"]._get(self._name).name or self._description

    def _xlsx_export_extra_columns(self):
        """Columns computed by ``_xlsx_export_extra_values``, after the field columns."""
        return []

    def _xlsx_export_extra_values(self):
        """{record id: [value of each extra column]} for the records of one chunk."""
        return {}

    def _xlsx_export_columns(self):
        columns = []
        for name in self._xlsx_export_fields:
            field = self._fields[name]
            columns.append(
                XlsxColumn(field._description_string(self.env), FIELD_KINDS.get(field.type, "text"))
            )
        return columns + list(self._xlsx_export_extra_columns())

    def _xlsx_export_converters(self):
        """One function per field column turning a read() value into a cell value."""
        user_tz_record = self.with_context(tz=self.env.context.get("tz") or self.env.user.tz)
        converters = []
        for name in self._xlsx_export_fields:
            field = self._fields[name]
            if field.type == "selection":
                labels = dict(field._description_selection(self.env))
                converters.append(lambda value, labels=labels: labels.get(value, value or None))
            elif field.type == "many2one":
                converters.append(lambda value: value[1] if value else None)
            elif field.type in ("many2many", "one2many"):
                converters.append(lambda value: len(value) if value else 0)
            elif field.type == "datetime":
                converters.append(
                    lambda value: (
                        fields.Datetime.context_timestamp(user_tz_record, value).replace(
                            tzinfo=None
                        )
                        if value
                        else None
                    )
                )
            elif field.type == "boolean":
                converters.append(bool)
            else:
                converters.append(lambda value: value)
        return converters

    # ------------------------------------------------------------------ export
    def _xlsx_export_rows(self, ids):
        """Yield one list of cell values per record id, reading ``_xlsx_chunk_size`` at a time."""
        converters = self._xlsx_export_converters()
        names = list(self._xlsx_export_fields)
        blank_unless = {
            name: condition if isinstance(condition, tuple) else (condition, None)
            for name, condition in self._xlsx_export_blank_unless.items()
        }
        read_names = list(dict.fromkeys(names + [field for field, _ in blank_unless.values()]))

        def blank(name, record_values):
            if name not in blank_unless:
                return False
            field, allowed = blank_unless[name]
            value = record_values[field]
            return not value if allowed is None else value not in allowed

        extra_count = len(self._xlsx_export_extra_columns())
        for start in range(0, len(ids), self._xlsx_chunk_size):
            chunk = self.browse(ids[start : start + self._xlsx_chunk_size])
            values = chunk.read(read_names)
            extras = chunk._xlsx_export_extra_values()
            for record_values in values:
                row = [
                    None if blank(name, record_values) else convert(record_values[name])
                    for name, convert in zip(names, converters, strict=True)
                ]
                row.extend(extras.get(record_values["id"], [None] * extra_count))
                yield row
            # Forget what was read: memory stays flat over any number of chunks.
            self.env.invalidate_all()

    def _xlsx_export_to_file(self, domain=None, path=None):
        """Write the records (``self``, or those matching ``domain``) to an XLSX file.

        Returns ``(path, row count)``; the caller owns the file.
        """
        ids = self.ids if self else self.search(domain or [], order="id").ids
        labels = (self.env._("Yes"), self.env._("No"))
        writer = StreamingXlsxWriter(path, rtl=True, true_label=labels[0], false_label=labels[1])
        with writer:
            writer.add_sheet(self._xlsx_export_sheet_name(), self._xlsx_export_columns())
            writer.write_rows(self._xlsx_export_rows(ids))
        return writer.path, writer.row_count

    def _xlsx_export_file_name(self):
        today = fields.Date.context_today(self)
        return f"{self._xlsx_export_sheet_name()} {today}.xlsx"

    def _xlsx_export_records(self):
        """The records to export: the selection, or the whole list when it was cut.

        When every record of the list is selected, the web client passes at most
        ``web.active_ids_limit`` ids (20,000) and the list's domain: an export
        that reached that limit is redone on the domain, so nothing is left out.
        """
        domain = self.env.context.get("active_domain")
        limit = int(
            self.env["ir.config_parameter"].sudo().get_param("web.active_ids_limit", "20000")
        )
        if domain is not None and len(self) >= limit:
            return self.browse(), domain
        return self, None

    def action_export_xlsx(self):
        """Export the selected records and download the file."""
        records, domain = self._xlsx_export_records()
        path, _count = records._xlsx_export_to_file(domain=domain)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        finally:
            os.unlink(path)
        # Owned by the user, linked to no record: only they (and admins) can download it.
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._xlsx_export_file_name(),
                "raw": data,
                "mimetype": XLSX_MIMETYPE,
                "description": EXPORT_ATTACHMENT_DESCRIPTION,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    @api.autovacuum
    def _gc_xlsx_exports(self):
        """Downloaded exports are not kept: remove those older than a day."""
        limit = fields.Datetime.now() - timedelta(days=1)
        self.env["ir.attachment"].sudo().search(
            [
                ("description", "=", EXPORT_ATTACHMENT_DESCRIPTION),
                ("res_model", "=", False),
                ("create_date", "<", limit),
            ]
        ).unlink()
