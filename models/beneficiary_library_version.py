from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .beneficiary_workflow_guard_mixin import workflow_transition

VERSION_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("archived", "Archived"),
]

MANAGER_GROUP = "beneficiary_relations.group_beneficiary_manager"


class BeneficiaryLibraryVersion(models.Model):
    """One version of a library document: its file, and its approval by a manager.

    A document has at most one approved version, the current one (a partial
    unique index backs the rule); approving a new version archives the previous
    one. An approved or archived version is never changed.
    """

    _name = "beneficiary.library.version"
    _description = "Tools Library Document Version"
    _inherit = ["mail.thread", "beneficiary.workflow.guard.mixin"]
    _order = "document_id, version_number desc, id desc"
    _rec_name = "document_id"
    _workflow_fields = ("state", "approved_by_id", "approval_date")

    document_id = fields.Many2one(
        "beneficiary.library.document", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="document_id.company_id", store=True, index=True)
    kind = fields.Selection(related="document_id.kind", store=True)
    version_number = fields.Integer(
        required=True,
        default=lambda self: self._default_version_number(),
        tracking=True,
    )
    file = fields.Binary(attachment=True, copy=False)
    file_name = fields.Char()
    changes = fields.Text(string="What Changed")
    state = fields.Selection(
        VERSION_STATES,
        string="Status",
        required=True,
        default="draft",
        copy=False,
        index=True,
        tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approval_date = fields.Date(string="Approved On", readonly=True, copy=False)

    _sql_constraints = [
        (
            "document_version_unique",
            "unique(document_id, version_number)",
            "Each version number is used once per document.",
        ),
        (
            "version_number_positive",
            "CHECK(version_number > 0)",
            "The version number must be positive.",
        ),
    ]

    def init(self):
        # One current (approved) version per document, whatever runs at the same time.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS beneficiary_library_version_one_approved "
                "ON beneficiary_library_version (document_id) WHERE state = 'approved'"
            )
        )

    def _default_version_number(self):
        document_id = self.env.context.get("default_document_id")
        if not document_id:
            return 1
        versions = self.search(
            [("document_id", "=", document_id)], order="version_number desc", limit=1
        )
        return versions.version_number + 1

    @api.depends("document_id.name", "version_number")
    def _compute_display_name(self):
        for version in self:
            version.display_name = self.env._(
                "%(document)s — version %(number)s",
                document=version.document_id.name or "",
                number=version.version_number,
            )

    def _workflow_actions_hint(self):
        return self.env._("the version's buttons (Approve, Archive)")

    def _workflow_extra_locked_fields(self, vals):
        locked = {"document_id", "version_number", "file", "file_name"}.intersection(vals)
        if locked and any(version.state != "draft" for version in self):
            return locked
        return set()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(version.state != "draft" for version in self):
            raise UserError(
                self.env._("Only draft versions can be deleted; archive an approved version.")
            )

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only beneficiary relations managers can approve or archive versions.")
            )

    @workflow_transition
    def action_approve(self):
        """Make this version the current one; the previous approved version is archived."""
        self._check_manager()
        self.check_access("write")
        if len(self.document_id) != len(self):
            raise UserError(self.env._("Approve one version per document at a time."))
        for version in self:
            if version.state != "draft":
                raise UserError(
                    self.env._(
                        "%(version)s is not a draft: only a draft version can be approved.",
                        version=version.display_name,
                    )
                )
            if not version.file:
                raise UserError(
                    self.env._(
                        "Attach the file of %(version)s before approving it.",
                        version=version.display_name,
                    )
                )
        # Two managers approving versions of one document at once: the second waits.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM beneficiary_library_document WHERE id IN %s FOR NO KEY UPDATE",
                tuple(self.document_id.ids),
            )
        )
        previous = self.search(
            [("document_id", "in", self.document_id.ids), ("state", "=", "approved")]
        )
        previous.write({"state": "archived"})
        previous.flush_recordset(["state"])
        self.write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approval_date": fields.Date.context_today(self),
            }
        )
        for version in previous:
            version._message_log(
                body=self.env._(
                    "Replaced by version %(number)s.",
                    number=self.filtered(
                        lambda new, old=version: new.document_id == old.document_id
                    ).version_number,
                )
            )
        return True

    @workflow_transition
    def action_archive_version(self):
        """Withdraw the current version without a replacement."""
        self._check_manager()
        self.check_access("write")
        if any(version.state != "approved" for version in self):
            raise UserError(self.env._("Only the approved version can be archived."))
        self.write({"state": "archived"})
        return True
