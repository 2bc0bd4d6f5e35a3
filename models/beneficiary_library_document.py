from odoo import api, fields, models

# The tools the policy gives the beneficiary relations officer.
LIBRARY_KINDS = [
    ("regulations", "Basic Regulations"),
    ("research_guide", "Social Research Guide"),
    ("support_policy", "Support Policy Guide"),
    ("volunteering_policy", "Volunteering Policy"),
    ("disbursement_policy", "Aid Disbursement Policy"),
    ("request_form", "Request Form"),
    ("other", "Other"),
]


class BeneficiaryLibraryDocument(models.Model):
    """A document of the officer's tools library, kept in approved versions."""

    _name = "beneficiary.library.document"
    _description = "Tools Library Document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, kind, name, id"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    kind = fields.Selection(
        LIBRARY_KINDS, required=True, default="other", index=True, tracking=True
    )
    sequence = fields.Integer(default=10)
    description = fields.Text()
    is_public = fields.Boolean(
        string="Published on the Public Pages",
        tracking=True,
        help="The current approved version can be downloaded by anyone from the public "
        "library page.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    version_ids = fields.One2many("beneficiary.library.version", "document_id", string="Versions")
    version_count = fields.Integer(compute="_compute_version_count")
    current_version_id = fields.Many2one(
        "beneficiary.library.version",
        compute="_compute_current_version_id",
        store=True,
        index=True,
        help="The approved version in force; earlier approved versions are archived.",
    )
    current_version_number = fields.Integer(
        related="current_version_id.version_number", string="Current Version Number"
    )
    current_approval_date = fields.Date(
        related="current_version_id.approval_date", string="Approved On"
    )
    current_approved_by_id = fields.Many2one(
        related="current_version_id.approved_by_id", string="Approved By"
    )

    @api.depends("version_ids.state")
    def _compute_current_version_id(self):
        for document in self:
            approved = document.version_ids.filtered(lambda version: version.state == "approved")
            document.current_version_id = approved[:1]

    def _compute_version_count(self):
        counts = dict(
            self.env["beneficiary.library.version"]._read_group(
                [("document_id", "in", self.ids)], ["document_id"], ["__count"]
            )
        )
        for document in self:
            document.version_count = counts.get(document, 0)

    def action_view_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Versions of %(document)s", document=self.name),
            "res_model": "beneficiary.library.version",
            "view_mode": "list,form",
            "domain": [("document_id", "=", self.id)],
            "context": {"default_document_id": self.id},
        }

    def _public_download_url(self):
        self.ensure_one()
        return f"/beneficiary-relations/library/{self.id}/download"
