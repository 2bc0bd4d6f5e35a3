from odoo import models


class BeneficiaryCommitteeMeetingReport(models.AbstractModel):
    """The minutes of a committee meeting: attendees, decisions and approvals."""

    _name = "report.beneficiary_relations.report_meeting_minutes"
    _inherit = "beneficiary.report.base"
    _description = "Meeting Minutes Report"
    _report_model = "beneficiary.committee.meeting"
