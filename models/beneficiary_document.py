from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BeneficiaryDocument(models.Model):
    """A supporting document (ID card, family card, deed…) of a beneficiary file."""

    _name = "beneficiary.document"
    _description = "Beneficiary Document"
    _order = "beneficiary_id, type_id, expiry_date desc"
    # Typed in a many2one (the request checklist): the type, the number or the file name.
    _rec_names_search = ["type_id.name", "number", "attachment_name"]

    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="beneficiary_id.company_id", store=True, index=True, precompute=True
    )
    member_id = fields.Many2one(
        "beneficiary.member",
        string="Family Member",
        domain="[('beneficiary_id', '=', beneficiary_id)]",
        help="Leave empty when the document concerns the beneficiary.",
    )
    type_id = fields.Many2one(
        "beneficiary.document.type", string="Document Type", required=True, index=True
    )
    has_expiry = fields.Boolean(related="type_id.has_expiry")
    number = fields.Char(string="Document Number")
    issue_date = fields.Date()
    expiry_date = fields.Date(index=True)
    attachment = fields.Binary(string="File", attachment=True, copy=False)
    attachment_name = fields.Char(string="File Name")
    is_expired = fields.Boolean(compute="_compute_is_expired", search="_search_is_expired")
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verified_on = fields.Datetime(readonly=True, copy=False)

    @api.depends("type_id", "expiry_date")
    def _compute_display_name(self):
        for document in self:
            parts = [document.type_id.name or ""]
            if document.number:
                parts.append(document.number)
            document.display_name = " - ".join(part for part in parts if part)

    @api.depends("expiry_date")
    def _compute_is_expired(self):
        for document in self:
            document.is_expired = document._is_expired_on(fields.Date.context_today(document))

    def _search_is_expired(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Unsupported search on document expiry."))
        today = fields.Date.context_today(self)
        expired = [("expiry_date", "<", today)]
        if (operator == "=") == bool(value):
            return expired
        return ["|", ("expiry_date", "=", False), ("expiry_date", ">=", today)]

    def _is_expired_on(self, day):
        """Whether the document is no longer valid on ``day`` (a date)."""
        self.ensure_one()
        return bool(self.expiry_date and self.expiry_date < day)

    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for document in self:
            if document.issue_date and document.issue_date > today:
                raise ValidationError(
                    self.env._(
                        "The issue date of %(document)s cannot be in the future.",
                        document=document.display_name,
                    )
                )
            if (
                document.issue_date
                and document.expiry_date
                and document.expiry_date < document.issue_date
            ):
                raise ValidationError(
                    self.env._(
                        "The expiry date of %(document)s is before its issue date.",
                        document=document.display_name,
                    )
                )

    @api.constrains("member_id", "beneficiary_id")
    def _check_member(self):
        for document in self:
            if document.member_id and document.member_id.beneficiary_id != document.beneficiary_id:
                raise ValidationError(
                    self.env._(
                        "%(member)s is not a family member on file %(file)s.",
                        member=document.member_id.name,
                        file=document.beneficiary_id.display_name,
                    )
                )

    def action_verify(self):
        self.write({"verified_by_id": self.env.uid, "verified_on": fields.Datetime.now()})
        return True
