from odoo import api, models


class BeneficiaryFileDataMixin(models.AbstractModel):
    """Lines of a beneficiary file (members, income, documents): a change to one
    evaluates again the eligibility of the file's requests not yet decided."""

    _name = "beneficiary.file.data.mixin"
    _description = "Data of a beneficiary file read by the eligibility rules"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._refresh_file_eligibility(records.beneficiary_id)
        return records

    def write(self, vals):
        before = self.beneficiary_id
        result = super().write(vals)
        self._refresh_file_eligibility(before | self.beneficiary_id)
        return result

    def unlink(self):
        beneficiaries = self.beneficiary_id
        result = super().unlink()
        self._refresh_file_eligibility(beneficiaries)
        return result

    def _refresh_file_eligibility(self, beneficiaries):
        self.env["beneficiary.request"]._refresh_eligibility_of_files(beneficiaries)


class BeneficiaryMember(models.Model):
    _name = "beneficiary.member"
    _inherit = ["beneficiary.member", "beneficiary.file.data.mixin"]


class BeneficiaryIncome(models.Model):
    _name = "beneficiary.income"
    _inherit = ["beneficiary.income", "beneficiary.file.data.mixin"]


class BeneficiaryDocument(models.Model):
    _name = "beneficiary.document"
    _inherit = ["beneficiary.document", "beneficiary.file.data.mixin"]
