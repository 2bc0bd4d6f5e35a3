from odoo import api, fields, models

# Who is shown the possible duplicates of a file: the staff who register and study it.
DUPLICATE_GROUPS = (
    "beneficiary_relations.group_beneficiary_officer,"
    "beneficiary_relations.group_beneficiary_researcher,"
    "beneficiary_relations.group_beneficiary_committee"
)
DUPLICATES_LIST_VIEW = "beneficiary_relations.beneficiary_beneficiary_view_list_duplicates"


class BeneficiaryDuplicateMixin(models.AbstractModel):
    """The files that may be the same person as a file (or a request's file).

    A model gives ``_duplicate_file()`` (the file whose candidates it shows) and
    ``_duplicate_depends()``; the candidates are found, as the current user, by
    ``beneficiary.beneficiary._duplicate_candidates``.
    """

    _name = "beneficiary.duplicate.mixin"
    _description = "Possible Duplicate Beneficiary Files"

    duplicate_ids = fields.Many2many(
        "beneficiary.beneficiary",
        string="Possible Duplicates",
        compute="_compute_duplicate_ids",
        groups=DUPLICATE_GROUPS,
    )
    duplicate_count = fields.Integer(
        string="Possible Duplicates Count",
        compute="_compute_duplicate_ids",
        groups=DUPLICATE_GROUPS,
    )
    duplicate_summary = fields.Text(
        string="Why They May Be Duplicates",
        compute="_compute_duplicate_ids",
        groups=DUPLICATE_GROUPS,
    )

    def _duplicate_depends(self):
        return []

    def _duplicate_file(self):
        """The file whose possible duplicates ``self`` shows (may be empty)."""
        raise NotImplementedError

    @api.depends(lambda self: self._duplicate_depends())
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_duplicate_ids(self):
        Beneficiary = self.env["beneficiary.beneficiary"]
        for record in self:
            file = record._duplicate_file()
            candidates = file._duplicate_candidates() if file else {}
            files = Beneficiary.browse(list(candidates))
            record.duplicate_ids = files
            record.duplicate_count = len(files)
            record.duplicate_summary = (
                "\n".join(
                    f"{candidate.display_name}: {'، '.join(reasons)}"
                    for candidate, reasons in zip(files, candidates.values(), strict=True)
                )
                or False
            )

    def action_view_duplicates(self):
        self.ensure_one()
        file = self._duplicate_file()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Possible Duplicates of %(file)s", file=file.display_name),
            "res_model": "beneficiary.beneficiary",
            "view_mode": "list,form",
            "views": [(self.env.ref(DUPLICATES_LIST_VIEW).id, "list"), (False, "form")],
            "domain": [("id", "in", self.duplicate_ids.ids)],
            "context": {"duplicate_of_id": file.id, "create": False},
        }
