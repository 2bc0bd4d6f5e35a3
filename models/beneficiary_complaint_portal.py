import uuid

from odoo import api, fields, models

from ..tools.hijri import format_hijri


class BeneficiaryComplaint(models.Model):
    """The complaint on the complainant's portal: link and conversation."""

    _name = "beneficiary.complaint"
    _inherit = ["beneficiary.complaint", "portal.mixin"]

    # Given at creation, so that portal pages never write (read-only replica).
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))

    deadline_date_hijri = fields.Char(
        string="Resolve By (Hijri)", compute="_compute_deadline_date_hijri"
    )

    @api.depends("deadline_date")
    @api.depends_context("lang")
    def _compute_deadline_date_hijri(self):
        lang = self.env.lang
        for complaint in self:
            complaint.deadline_date_hijri = format_hijri(complaint.deadline_date, lang)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/beneficiary-complaints/{complaint.id}"
        return result

    def _portal_timeline(self):
        """Steps of the complaint for the complainant: label, date, done or current."""
        self.ensure_one()
        decided = self.state if self.state in ("resolved", "rejected") else "resolved"
        labels = dict(self._fields["state"]._description_selection(self.env))
        steps = [
            ("received", self.received_date),
            ("acknowledged", self.acknowledged_date),
            ("review", False),
            (decided, self.resolved_date),
            ("closed", self.closed_date),
        ]
        if self.state == "escalated":
            steps.insert(3, ("escalated", self.escalated_date))
        names = [name for name, _date in steps]
        position = names.index(self.state) if self.state in names else 0
        return [
            {
                "label": labels[name],
                "date": date if index <= position else False,
                "status": "done"
                if index < position
                else "current"
                if index == position
                else "todo",
            }
            for index, (name, date) in enumerate(steps)
        ]
