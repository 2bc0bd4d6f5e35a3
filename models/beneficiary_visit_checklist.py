from odoo import fields, models


class BeneficiaryVisitChecklist(models.Model):
    """One point to check during a visit, with what was found."""

    _name = "beneficiary.visit.checklist"
    _description = "Visit Checklist Item"
    _order = "visit_id, sequence, id"

    visit_id = fields.Many2one("beneficiary.visit", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    is_checked = fields.Boolean(string="Checked")
    note = fields.Char()
