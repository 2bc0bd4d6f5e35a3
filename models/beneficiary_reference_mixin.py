from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL


class BeneficiaryReferenceMixin(models.AbstractModel):
    """Numbers new records from the ``ir.sequence`` whose code is the model name.

    One record takes its number from ``ir.sequence._next`` (what ``next_by_code``
    calls). A batch would cost one query per record that way (99 more for 100
    records, bench/README.md), so the numbers of a batch on a standard (gapped)
    sequence, a PostgreSQL sequence, are drawn with one ``nextval`` over
    ``generate_series`` and formatted by ``get_next_char``, as ``_next`` does.
    """

    _name = "beneficiary.reference.mixin"
    _description = "Batch reference numbering"

    # The field that receives the number; "/" (or nothing) means "number me".
    _reference_field = "name"

    @api.model_create_multi
    def create(self, vals_list):
        by_company = defaultdict(list)
        for vals in vals_list:
            if vals.get(self._reference_field, "/") == "/":
                by_company[vals.get("company_id") or self.env.company.id].append(vals)
        for company_id, pending in by_company.items():
            numbers = self._next_references(
                self._name, len(pending), self.env["res.company"].browse(company_id)
            )
            for vals, number in zip(pending, numbers, strict=True):
                vals[self._reference_field] = number
        return super().create(vals_list)

    @api.model
    def _next_references(self, sequence_code, count, company=None):
        if count <= 0:
            return []
        company = company or self.env.company
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", sequence_code), ("company_id", "in", [company.id, False])],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            return ["/"] * count
        if count == 1 or sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _index in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]
