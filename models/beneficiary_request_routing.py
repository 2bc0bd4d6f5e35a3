from odoo import api, fields, models


class BeneficiaryRequest(models.Model):
    """Routing of requests to the contact officer of their category and domain."""

    _inherit = "beneficiary.request"

    officer_domain = fields.Selection(
        related="type_id.officer_domain", store=True, string="Domain", index=True
    )
    officer_id = fields.Many2one(
        "res.users",
        string="Contact Officer",
        compute="_compute_officer_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="The contact officer of the beneficiary's category for the request's domain "
        "(or the category's general officer): the applicant's point of contact.",
    )

    @api.depends("category_id", "officer_domain", "company_id")
    def _compute_officer_id(self):
        Category = self.env["beneficiary.category"].sudo()
        for request in self:
            request.officer_id = Category._officer_for(
                request.category_id.sudo(), request.officer_domain or "general", request.company_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._route_to_contact_officer()
        return requests

    def _route_to_contact_officer(self, summary=None):
        """Give each record's contact officer a to-do to follow it up.

        Also meant for the complaints model: any record of a model with
        ``officer_id`` and ``mail.activity.mixin`` can be routed this way. The
        to-dos are created in one batch, without the assignment e-mail: the
        officer sees them in the activity menu."""
        records = self.filtered("officer_id")
        if not records:
            return self.env["mail.activity"]
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "activity_type_id": activity_type.id,
                        "user_id": record.officer_id.id,
                        "summary": summary
                        or self.env._(
                            "New %(reference)s for your category", reference=record.display_name
                        ),
                    }
                    for record in records
                ]
            )
        )
