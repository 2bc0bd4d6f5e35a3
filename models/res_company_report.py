from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    beneficiary_licence_number = fields.Char(
        string="Licence Number",
        help="The association's registration licence number, printed on its letterhead.",
    )
    beneficiary_licence_authority = fields.Char(
        string="Licence Issued By",
        translate=True,
        help="The authority that issued the licence, e.g. the National Center for the "
        "Development of the Non-Profit Sector.",
    )
