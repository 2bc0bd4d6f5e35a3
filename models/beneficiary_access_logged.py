from odoo import models


class BeneficiaryMember(models.Model):
    _name = "beneficiary.member"
    _inherit = ["beneficiary.access.logged.mixin", "beneficiary.member"]

    _access_log_category = "members"
    _access_log_categories = {"name": "members", "national_id": "members"}


class BeneficiaryIncome(models.Model):
    _name = "beneficiary.income"
    _inherit = ["beneficiary.access.logged.mixin", "beneficiary.income"]

    _access_log_category = "income"
    _access_log_categories = {"amount": "income", "source": "income"}


class BeneficiaryDocument(models.Model):
    _name = "beneficiary.document"
    _inherit = ["beneficiary.access.logged.mixin", "beneficiary.document"]

    _access_log_category = "documents"
    _access_log_categories = {"number": "documents", "attachment": "documents"}
