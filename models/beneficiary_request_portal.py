import base64
import uuid

from odoo import fields, models
from odoo.exceptions import UserError

# The path of a request as the applicant sees it, in order.
PORTAL_STEPS = ("received", "complete", "study", "committee", "decided", "delivered", "closed")


class BeneficiaryRequest(models.Model):
    """The request on the applicant's portal: link, conversation, documents, timeline."""

    _name = "beneficiary.request"
    _inherit = ["beneficiary.request", "portal.mixin"]

    # Given at creation rather than on the first view, so that portal pages
    # never write and can be served by a read-only replica.
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/beneficiary-requests/{request.id}"
        return result

    def _portal_step(self):
        self.ensure_one()
        if self.state in ("approved", "rejected"):
            return "decided"
        return self.state

    def _portal_timeline(self):
        """Steps of the request for the applicant: label, date, done or current."""
        self.ensure_one()
        labels = {
            "received": self.env._("Received"),
            "complete": self.env._("Complete: the answer period starts"),
            "study": self.env._("Studied by the social researcher"),
            "committee": self.env._("Before the committee"),
            "decided": self.env._("Decided"),
            "delivered": self.env._("Service delivered"),
            "closed": self.env._("Closed"),
        }
        dates = {
            "received": self.received_date,
            "complete": self.complete_date,
            "decided": self.answer_date,
            "delivered": self.delivery_date,
        }
        steps = list(PORTAL_STEPS)
        if not self.researcher_id and self.state != "study":
            steps.remove("study")
        if self.kind == "inquiry" or not self.type_id.needs_committee:
            steps = [step for step in steps if step not in ("committee", "delivered", "study")]
        if self.state == "rejected":
            steps.remove("delivered")
        current = self._portal_step()
        if self.state == "cancelled":
            reached = [step for step in steps if dates.get(step)]
            return [
                *(
                    {"label": labels[step], "date": dates[step], "status": "done"}
                    for step in reached
                ),
                {"label": self.env._("Cancelled"), "date": False, "status": "current"},
            ]
        position = steps.index(current) if current in steps else 0
        return [
            {
                "label": labels[step],
                "date": dates.get(step) if index <= position else False,
                "status": "done"
                if index < position
                else "current"
                if index == position
                else "todo",
            }
            for index, step in enumerate(steps)
        ]

    def _portal_document_lines(self):
        """Checklist lines the applicant can still provide: missing or expired."""
        self.ensure_one()
        if self.state != "received":
            return self.document_line_ids.browse()
        submission = self._submission_date()
        return self.document_line_ids.filtered(
            lambda line: line._status_on(submission) in ("missing", "expired")
        )

    def _portal_upload_document(self, line, filename, content, expiry_date=False):
        """The applicant gives a missing or renewed document from the portal."""
        self.ensure_one()
        if line not in self._portal_document_lines():
            raise UserError(
                self.env._(
                    "This document cannot be changed any more: the request is no longer "
                    "waiting for it."
                )
            )
        line.write(
            {
                "attachment": base64.b64encode(content),
                "attachment_name": filename,
                "document_id": False,
                "number": False,
                "expiry_date": expiry_date or False,
            }
        )
        self.message_post(
            body=self.env._(
                "%(applicant)s sent %(document)s from the portal.",
                applicant=self.partner_id.name,
                document=line.type_id.name,
            ),
            author_id=self.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if self.officer_id or self.received_by_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(self.officer_id or self.received_by_id).id,
                summary=self.env._(
                    "Check %(document)s sent from the portal", document=line.type_id.name
                ),
            )
        return True
