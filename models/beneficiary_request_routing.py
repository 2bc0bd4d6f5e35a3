from odoo import api, fields, models


class BeneficiaryRequest(models.Model):
    """Routing of requests to the contact officer of their category and domain."""

    _inherit = "beneficiary.request"  # pylint: disable=consider-merging-classes-inherited

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
