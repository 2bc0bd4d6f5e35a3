from odoo import api, fields, models


class BeneficiaryRequestDocument(models.Model):
    """One line of a request's document checklist.

    A line is satisfied by a document of the beneficiary file or by a file
    attached to the request itself (applicants without a file), and must be valid
    on the date the request was submitted.
    """

    _name = "beneficiary.request.document"
    _description = "Request Document"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one(
        "beneficiary.request", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    type_id = fields.Many2one("beneficiary.document.type", string="Document Type", required=True)
    required = fields.Boolean(default=True, readonly=True)
    document_id = fields.Many2one(
        "beneficiary.document",
        string="From the File",
        domain="[('beneficiary_id', '=', parent.beneficiary_id), ('type_id', '=', type_id)]",
    )
    attachment = fields.Binary(string="File", attachment=True, copy=False)
    attachment_name = fields.Char(string="File Name")
    number = fields.Char(
        compute="_compute_from_document", store=True, readonly=False, string="Document Number"
    )
    expiry_date = fields.Date(compute="_compute_from_document", store=True, readonly=False)
    status = fields.Selection(
        [("missing", "Missing"), ("expired", "Expired"), ("valid", "Valid")],
        compute="_compute_status",
    )

    @api.depends("document_id")
    def _compute_from_document(self):
        for line in self:
            if line.document_id:
                line.number = line.document_id.number
                line.expiry_date = line.document_id.expiry_date

    @api.depends("document_id", "attachment", "expiry_date", "request_id.received_date")
    def _compute_status(self):
        for line in self:
            line.status = line._status_on(line.request_id._submission_date())

    def _status_on(self, day):
        self.ensure_one()
        if not (self.document_id or self.attachment):
            return "missing"
        if self.expiry_date and self.expiry_date < day:
            return "expired"
        return "valid"
