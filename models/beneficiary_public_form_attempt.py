from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class BeneficiaryPublicFormAttempt(models.Model):
    """One submission of a public form, accepted or refused, by connection.

    Only a hash of the address is kept, for an hour or so: enough to hold a robot
    to the hourly limit, which refused attempts count toward too.
    """

    _name = "beneficiary.public.form.attempt"
    _description = "Public Form Submission Attempt"
    _log_access = False

    ip_hash = fields.Char(string="Connection Hash", required=True, index=True, readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)

    @api.model
    def _record(self, ip_hash):
        """Record an attempt from ``ip_hash``; return the attempts of the last hour."""
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                "DELETE FROM beneficiary_public_form_attempt WHERE date < %s",
                now - timedelta(days=1),
            )
        )
        self.sudo().create({"ip_hash": ip_hash, "date": now})
        return self.sudo().search_count(
            [("ip_hash", "=", ip_hash), ("date", ">=", now - timedelta(hours=1))]
        )
