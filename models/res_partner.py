from odoo import fields, models

STAFF_GROUPS = (
    "beneficiary_relations.group_beneficiary_officer,"
    "beneficiary_relations.group_beneficiary_researcher,"
    "beneficiary_relations.group_beneficiary_committee"
)
# The contact's fields that tell it belongs to a beneficiary.
BENEFICIARY_FIELDS = frozenset({"beneficiary_ids", "beneficiary_count"})


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "beneficiary.restricted.search.mixin"]
    _restricted_search_fields = BENEFICIARY_FIELDS

    # Only the module's staff may even learn that a contact is a beneficiary: the
    # fields are hidden from others and cannot be searched or grouped on by them.
    beneficiary_ids = fields.One2many(
        "beneficiary.beneficiary", "partner_id", string="Beneficiary Files", groups=STAFF_GROUPS
    )
    beneficiary_count = fields.Integer(compute="_compute_beneficiary_count", groups=STAFF_GROUPS)

    def _compute_beneficiary_count(self):
        counts = dict(
            self.env["beneficiary.beneficiary"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.beneficiary_count = counts.get(partner, 0)

    def action_view_beneficiary_files(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_beneficiary_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        return action
