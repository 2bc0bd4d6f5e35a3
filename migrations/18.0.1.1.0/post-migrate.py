from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The IBAN kept on the file becomes a bank account of the file's contact; the
    bill kept on a paid program entitlement becomes its confirmed disbursement."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["beneficiary.beneficiary"]._migrate_bank_iban_column()
    env["beneficiary.program.entitlement"]._migrate_bills_to_disbursements()
