from odoo import http
from odoo.http import request

from .forms import BeneficiaryPublicForms


class BeneficiaryLibraryController(http.Controller):
    """The published documents of the tools library, for anyone.

    Searched as the visitor: the record rules let the public read only published
    documents and their approved version.
    """

    # Public GET pages; ``readonly``: served by the read replica where there is one.
    _public = {"type": "http", "auth": "public", "methods": ["GET"], "sitemap": False}

    @http.route("/beneficiary-relations/library", website=True, readonly=True, **_public)
    def library_page(self, **_kwargs):
        BeneficiaryPublicForms()._use_visitor_lang()
        documents = request.env["beneficiary.library.document"].search(
            [("is_public", "=", True), ("current_version_id", "!=", False)]
        )
        return request.render("beneficiary_relations.library_public_page", {"documents": documents})

    @http.route(
        "/beneficiary-relations/library/<int:document_id>/download", readonly=True, **_public
    )
    def library_download(self, document_id, **_kwargs):
        document = request.env["beneficiary.library.document"].search(
            [
                ("id", "=", document_id),
                ("is_public", "=", True),
                ("current_version_id", "!=", False),
            ]
        )
        version = document.current_version_id
        if not version.file:
            raise request.not_found()
        stream = request.env["ir.binary"]._get_stream_from(
            version, "file", filename=version.file_name or document.name
        )
        return stream.get_response(as_attachment=True)
