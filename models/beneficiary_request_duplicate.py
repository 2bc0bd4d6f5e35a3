from odoo import api, fields, models

from .beneficiary_beneficiary_duplicate import DUPLICATE_GROUPS


class BeneficiaryRequest(models.Model):
    """The possible duplicates of the file behind a registration request.

    A registration received on the public form opens an applicant file; the
    officer who reviews it sees, on the request, the other files that may be the
    same person (within the files that officer may read).
    """

    _inherit = "beneficiary.request"

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

    @api.depends("type_id.kind", "beneficiary_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_duplicate_ids(self):
        for request in self:
            beneficiary = request.beneficiary_id
            if request.type_id.kind == "registration" and beneficiary.has_access("read"):
                request.duplicate_ids = beneficiary.duplicate_ids
                request.duplicate_count = beneficiary.duplicate_count
                request.duplicate_summary = beneficiary.duplicate_summary
            else:
                request.duplicate_ids = False
                request.duplicate_count = 0
                request.duplicate_summary = False

    def action_view_duplicates(self):
        self.ensure_one()
        return self.beneficiary_id.action_view_duplicates()
