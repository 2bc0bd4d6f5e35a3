from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval


class BeneficiaryProgramEnrolWizard(models.TransientModel):
    """Enrol the files of a filter (or a selection) in an aid program, each checked
    against the program's rules; those left out are listed with the reasons."""

    _name = "beneficiary.program.enrol.wizard"
    _description = "Enrol Beneficiaries in a Program"

    program_id = fields.Many2one(
        "beneficiary.program", required=True, domain="[('state', '!=', 'closed')]"
    )
    beneficiary_ids = fields.Many2many(
        "beneficiary.beneficiary",
        string="Selected Files",
        help="Leave empty to enrol every file matching the filter.",
    )
    domain = fields.Char(
        string="Files to Check",
        default="[('state', '=', 'active')]",
        help="Every registered file matching this filter, that you may see, is checked.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "beneficiary.beneficiary" and context.get("active_ids"):
            values["beneficiary_ids"] = [fields.Command.set(context["active_ids"])]
        return values

    def action_enrol(self):
        self.ensure_one()
        self.env["beneficiary.program.enrolment"].check_access("create")
        Beneficiary = self.env["beneficiary.beneficiary"]
        beneficiaries = self.beneficiary_ids or Beneficiary.search(safe_eval(self.domain or "[]"))
        if not beneficiaries:
            raise UserError(self.env._("No beneficiary file matches the filter."))
        enrolments = self.program_id._enrol(beneficiaries)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_program_enrolment_action"
        )
        action["domain"] = [("id", "in", enrolments.ids)]
        action["context"] = {"search_default_group_state": 1}
        return action
