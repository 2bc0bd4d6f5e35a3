from odoo import http
from odoo.http import request

# Public pages that only read: a read-only replica may serve them.
PUBLIC_READ = {"type": "http", "auth": "public", "methods": ["GET"], "readonly": True}


class BeneficiaryPolicyController(http.Controller):
    """The published, board-approved policy on a public page."""

    def _policy(self):
        policy = request.env["beneficiary.policy"]._public_policy()
        if not policy:
            raise request.not_found()
        return policy

    @http.route("/beneficiary-relations/policy", **PUBLIC_READ)
    def policy_page(self, **_kwargs):
        return request.render(
            "beneficiary_relations.policy_public_page", {"policy": self._policy()}
        )

    @http.route("/beneficiary-relations/policy/pdf", **PUBLIC_READ)
    def policy_pdf(self, **_kwargs):
        policy = self._policy()
        if not policy.attachment:
            raise request.not_found()
        stream = request.env["ir.binary"]._get_stream_from(
            policy,
            "attachment",
            filename=policy.attachment_name or f"{policy.name}.pdf",
            mimetype="application/pdf",
        )
        return stream.get_response(as_attachment=True)
