from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.base_iban.models.res_partner_bank import normalize_iban, validate_iban

from ..tools.digits import normalize_digits


class BeneficiaryBeneficiary(models.Model):
    """The payee side of the file: the bank account aid is paid into, as a bank
    account of the file's contact, and the payments made to the file."""

    _inherit = "beneficiary.beneficiary"

    bank_account_id = fields.Many2one(
        "res.partner.bank",
        copy=False,
        readonly=True,
        ondelete="restrict",
        help="The bank account of the beneficiary's contact that aid and compensation "
        "are paid into; set it through the IBAN.",
    )
    bank_iban = fields.Char(
        string="Bank IBAN",
        compute="_compute_bank_iban",
        inverse="_inverse_bank_iban",
        help="A Saudi IBAN: SA, two check digits and 20 characters.",
    )
    disbursement_ids = fields.One2many(
        "beneficiary.disbursement", "beneficiary_id", string="Aid Disbursements", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Invoicing gives every new partner a default that counts the invoice
        # report templates, one query per partner; a file's contact partner
        # never chooses an invoice template.
        return super(
            BeneficiaryBeneficiary,
            self.with_context(default_display_invoice_template_pdf_report_id=False),
        ).create(vals_list)

    @api.depends("bank_account_id.sanitized_acc_number")
    def _compute_bank_iban(self):
        for record in self:
            record.bank_iban = record.sudo().bank_account_id.sanitized_acc_number

    @api.model
    def _normalize_saudi_iban(self, value):
        """``value`` as a Saudi IBAN without spaces; ValidationError if it is none."""
        iban = normalize_iban(normalize_digits(value)).upper()
        try:
            validate_iban(iban)
            # base_iban accepts the IBAN of any country; aid is paid into Saudi banks.
            valid = iban.startswith("SA")
        except ValidationError:
            valid = False
        if not valid:
            raise ValidationError(
                self.env._(
                    "The IBAN %(iban)s is not a valid Saudi IBAN: 24 characters starting "
                    "with SA, with correct check digits.",
                    iban=value,
                )
            )
        return iban

    def _inverse_bank_iban(self):
        wanted = {
            record: record.bank_iban and self._normalize_saudi_iban(record.bank_iban)
            for record in self
        }
        banks = self._partner_bank_accounts(
            {
                record: iban
                for record, iban in wanted.items()
                if iban and record.sudo().bank_account_id.sanitized_acc_number != iban
            }
        )
        for record, iban in wanted.items():
            if not iban:
                record.bank_account_id = False
            elif record in banks:
                record.bank_account_id = banks[record]
        # What is shown is the account's number, as it was normalised.
        self.invalidate_recordset(["bank_iban"])

    @api.model
    def _partner_bank_accounts(self, ibans):
        """{file: bank account} for ``ibans`` ({file: normalised IBAN}): the bank
        account of that number on the file's contact, created (in one batch) if the
        contact has none."""
        if not ibans:
            return {}
        Bank = self.env["res.partner.bank"].sudo().with_context(active_test=False)
        existing = {
            (bank.partner_id.id, bank.sanitized_acc_number): bank
            for bank in Bank.search(
                [
                    ("partner_id", "in", [record.partner_id.id for record in ibans]),
                    ("sanitized_acc_number", "in", list(ibans.values())),
                ]
            )
        }
        existing_banks = Bank.browse([bank.id for bank in existing.values()])
        existing_banks.filtered(lambda bank: not bank.active).active = True
        missing = {}
        for record, iban in ibans.items():
            missing.setdefault((record.partner_id.id, iban), record)
        missing = {key: record for key, record in missing.items() if key not in existing}
        created = Bank.create(
            [{"partner_id": partner_id, "acc_number": iban} for partner_id, iban in missing]
        )
        existing.update(zip(missing, created, strict=True))
        return {record: existing[record.partner_id.id, iban] for record, iban in ibans.items()}

    @api.model
    def _migrate_bank_iban_column(self):
        """Give every file whose IBAN was kept on the file itself (the former
        ``bank_iban`` column) a bank account on its contact, then drop the column."""
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = 'beneficiary_beneficiary' AND column_name = 'bank_iban'"
            )
        )
        if not self.env.cr.fetchone():
            return self.browse()
        self.env.cr.execute(
            SQL(
                "SELECT id, bank_iban FROM beneficiary_beneficiary "
                "WHERE bank_iban IS NOT NULL AND bank_iban != '' AND bank_account_id IS NULL"
            )
        )
        ibans = {
            self.browse(file_id): normalize_iban(normalize_digits(iban)).upper()
            for file_id, iban in self.env.cr.fetchall()
        }
        banks = self._partner_bank_accounts(ibans)
        for record, bank in banks.items():
            record.bank_account_id = bank
        self.env.flush_all()
        self.env.cr.execute(SQL("ALTER TABLE beneficiary_beneficiary DROP COLUMN bank_iban"))
        return self.browse([record.id for record in ibans])
