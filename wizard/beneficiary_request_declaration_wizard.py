from odoo import fields, models
from odoo.exceptions import UserError


class BeneficiaryRequestDeclarationWizard(models.TransientModel):
    """The applicant's signed declaration that the request's data is true."""

    _name = "beneficiary.request.declaration.wizard"
    _description = "Signed Declaration"

    request_id = fields.Many2one("beneficiary.request", required=True, ondelete="cascade")
    signer = fields.Char(string="Signer's Full Name", required=True)
    signature = fields.Binary(required=True)
    accepted = fields.Boolean(
        string="I declare that the data and documents of this request are true and complete, "
        "and that I am directly responsible for them."
    )

    def action_confirm(self):
        self.ensure_one()
        if not self.accepted:
            raise UserError(self.env._("The applicant must accept the declaration."))
        self.request_id._sign_declaration(self.signer, self.signature)
        return {"type": "ir.actions.act_window_close"}
