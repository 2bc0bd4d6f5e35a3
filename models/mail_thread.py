from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        """On the module's records, a user without an e-mail address still acts.

        Odoo refuses to post or notify (a referral's to-do, a notice, an approval)
        when the acting user has no address; no step of the beneficiary relations
        policy may depend on one. The user stays the author and the association's
        address is the sender.
        """
        author_id, email_from = super()._message_compute_author(
            author_id, email_from, raise_on_email=False
        )
        if not email_from and raise_on_email and self._name.startswith("beneficiary."):
            company = self.env.company
            if len(self) == 1 and "company_id" in self._fields and self.company_id:
                company = self.company_id
            email_from = (
                company.sudo().email_formatted
                or self.env["ir.mail_server"].sudo()._get_default_from_address()
                or self.env.ref("base.partner_root").sudo().email_formatted
            )
        if not email_from and raise_on_email:
            return super()._message_compute_author(author_id, email_from, raise_on_email=True)
        return author_id, email_from
