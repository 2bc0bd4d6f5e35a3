from odoo import api, fields, models
from odoo.exceptions import ValidationError

RECORD_TYPES = [
    ("file", "Beneficiary file (after it is closed)"),
    ("service", "Requests and complaints (after the last one)"),
    ("financial", "Financial records (after the last payment)"),
    ("access_log", "Access log"),
]

# Saudi accounting and zakat rules keep financial records ten years at least.
FINANCIAL_MINIMUM_YEARS = 10


class BeneficiaryRetentionRule(models.Model):
    """How long each kind of record is kept before the personal data in it is
    anonymised (Personal Data Protection Law: destruction once the purpose ends)."""

    _name = "beneficiary.retention.rule"
    _description = "Retention Rule"
    _order = "company_id, record_type"

    record_type = fields.Selection(RECORD_TYPES, required=True)
    period_years = fields.Integer(string="Kept (years)", required=True, default=5)
    keep_on_request = fields.Boolean(
        string="Kept Even When the Person Asks for Destruction",
        help="A legal obligation to keep these records overrides a destruction request.",
    )
    legal_basis = fields.Char(help="The law or decision that sets this period.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    _sql_constraints = [
        (
            "record_type_company_unique",
            "unique(record_type, company_id)",
            "Each kind of record has one retention rule per company.",
        ),
        ("period_positive", "CHECK(period_years > 0)", "A retention period is at least one year."),
    ]

    @api.constrains("record_type", "period_years", "keep_on_request")
    def _check_financial_minimum(self):
        for rule in self.filtered(lambda r: r.record_type == "financial"):
            if rule.period_years < FINANCIAL_MINIMUM_YEARS or not rule.keep_on_request:
                raise ValidationError(
                    self.env._(
                        "Financial records are kept at least %(years)s years, even when the "
                        "person asks for their destruction.",
                        years=FINANCIAL_MINIMUM_YEARS,
                    )
                )

    @api.depends("record_type", "period_years")
    def _compute_display_name(self):
        labels = dict(self._fields["record_type"]._description_selection(self.env))
        for rule in self:
            rule.display_name = labels.get(rule.record_type, "")

    @api.model
    def _periods(self, company):
        """{record type: rule} of a company."""
        rules = self.sudo().search([("company_id", "=", company.id)])
        return {rule.record_type: rule for rule in rules}
