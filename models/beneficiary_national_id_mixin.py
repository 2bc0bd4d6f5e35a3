from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.national_id import NationalIdError, normalize_national_id, validate_national_id


class BeneficiaryNationalIdMixin(models.AbstractModel):
    """A Saudi national ID / iqama number, normalised, validated and unique.

    Numbers are stored in ASCII digits without spaces, whatever the user typed
    (Arabic-Indic digits, spaces, hyphens). A number is unique per company across
    every model that uses this mixin (beneficiaries and their family members).
    """

    _name = "beneficiary.national.id.mixin"
    _description = "Saudi national ID / iqama"

    national_id = fields.Char(
        string="National ID / Iqama",
        index=True,
        copy=False,
        help="10 digits: 1 for Saudi citizens, 2 for residents (iqama). "
        "Arabic-Indic digits and spaces are accepted and normalised.",
    )
    residency_status = fields.Selection(
        [("citizen", "Saudi citizen"), ("resident", "Resident")],
        compute="_compute_residency_status",
        store=True,
        precompute=True,
        help="Derived from the first digit of the national ID / iqama number.",
    )

    # Models that share one national ID register, in the order they are checked.
    _national_id_models = ("beneficiary.beneficiary", "beneficiary.member")

    @api.depends("national_id")
    def _compute_residency_status(self):
        for record in self:
            first = (record.national_id or "")[:1]
            record.residency_status = {"1": "citizen", "2": "resident"}.get(first, False)

    @api.model
    def _normalize_national_id_vals(self, vals):
        if vals.get("national_id"):
            vals["national_id"] = normalize_national_id(vals["national_id"]) or False
        return vals

    @api.model
    def _national_id_company_from_vals(self, vals):
        """The company a record created with ``vals`` will belong to."""
        return vals.get("company_id") or self.env.company.id

    @api.model_create_multi
    def create(self, vals_list):
        claims = []
        for vals in vals_list:
            self._normalize_national_id_vals(vals)
            if vals.get("national_id"):
                claims.append((self._national_id_company_from_vals(vals), vals["national_id"]))
        # Checked before anything is written, so that a refused number leaves
        # nothing behind (not even the contact created for a new file).
        self._check_national_id_claims(claims)
        # The numbers were just checked: the constraint need not search again.
        records = super(
            BeneficiaryNationalIdMixin, self.with_context(national_id_checked=True)
        ).create(vals_list)
        return records.with_env(self.env)

    def write(self, vals):
        self._normalize_national_id_vals(vals)
        if vals.get("national_id") or ("company_id" in vals and self.filtered("national_id")):
            claims = [
                (
                    vals.get("company_id") or record.company_id.id,
                    vals.get("national_id") or record.national_id,
                )
                for record in self
            ]
            self._check_national_id_claims(claims, exclude=self)
        return super().write(vals)

    def _national_id_error_message(self, number, code):
        messages = {
            "empty": self.env._("The national ID / iqama number is required."),
            "length": self.env._(
                "The national ID / iqama number %(number)s must have exactly 10 digits.",
                number=number,
            ),
            "non_digit": self.env._(
                "The national ID / iqama number %(number)s must contain digits only.",
                number=number,
            ),
            "prefix": self.env._(
                "The national ID / iqama number %(number)s must start with 1 (Saudi citizen) "
                "or 2 (resident).",
                number=number,
            ),
            "checksum": self.env._(
                "The national ID / iqama number %(number)s is not valid: its check digit "
                "does not match. Please check the number.",
                number=number,
            ),
        }
        return messages[code]

    def _national_id_owner_label(self):
        """How a record holding a number is named in a duplicate message."""
        self.ensure_one()
        return self.display_name

    def _national_id_owner_readable(self):
        """Whether the current user may read what the duplicate message names."""
        self.ensure_one()
        return self.has_access("read")

    def _raise_invalid_national_id(self, number):
        try:
            validate_national_id(number)
        except NationalIdError as error:
            raise ValidationError(self._national_id_error_message(number, error.code)) from error

    @api.model
    def _check_national_id_claims(self, claims, exclude=None):
        """Refuse invalid numbers and numbers already held in the same company.

        ``claims`` is a list of ``(company_id, number)`` about to be written; the
        records of ``exclude`` (those being written) do not count as holders.
        The register is searched as a whole, in one query per model: a number
        held by a file the current user cannot see is still a duplicate.
        """
        claimed = {}
        for company_id, number in claims:
            self._raise_invalid_national_id(number)
            if (company_id, number) in claimed:
                raise ValidationError(
                    self.env._(
                        "The national ID / iqama number %(number)s is entered twice.",
                        number=number,
                    )
                )
            claimed[(company_id, number)] = True
        if not claimed:
            return
        numbers = list({number for _company, number in claimed})
        for model_name in self._national_id_models:
            domain = [("national_id", "in", numbers)]
            if exclude and model_name == exclude._name:
                domain.append(("id", "not in", exclude.ids))
            for holder in self.env[model_name].sudo().search(domain):
                if (holder.company_id.id, holder.national_id) in claimed:
                    # Name the holder only to a user who may read it.
                    if holder.with_env(self.env)._national_id_owner_readable():
                        raise ValidationError(
                            self.env._(
                                "The national ID / iqama number %(number)s is already "
                                "registered on %(owner)s.",
                                number=holder.national_id,
                                owner=holder._national_id_owner_label(),
                            )
                        )
                    raise ValidationError(
                        self.env._(
                            "The national ID / iqama number %(number)s is already registered "
                            "on a file you cannot open; ask a beneficiary relations manager.",
                            number=holder.national_id,
                        )
                    )

    @api.constrains("national_id", "company_id")
    def _check_national_id(self):
        # Backstop for paths that bypass create/write checks (e.g. computed values).
        if self.env.context.get("national_id_checked"):
            return
        records = self.filtered("national_id")
        self.env[self._name]._check_national_id_claims(
            [(record.company_id.id, record.national_id) for record in records], exclude=records
        )
