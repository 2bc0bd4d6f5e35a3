from odoo import models


class BeneficiaryRequest(models.Model):
    """The possible duplicates of the file behind a registration request.

    A registration received on the public form opens an applicant file; the
    officer who reviews it sees, on the request, the other files that may be the
    same person (within the files that officer may read).
    """

    _name = "beneficiary.request"
    _inherit = ["beneficiary.request", "beneficiary.duplicate.mixin"]

    def _duplicate_depends(self):
        return ["type_id.kind", "beneficiary_id"]

    def _duplicate_file(self):
        self.ensure_one()
        file = self.beneficiary_id
        if self.type_id.kind == "registration" and file.has_access("read"):
            return file
        return file.browse()
