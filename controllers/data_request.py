from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from .portal import BeneficiaryPortal
from .routing import read_only_on_get


class BeneficiaryDataRequestPortal(BeneficiaryPortal):
    """The beneficiary's personal data requests on /my (access, correction,
    destruction, withdrawal of consent, objection) and their copy of the data."""

    @http.route(
        "/my/personal-data",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        readonly=read_only_on_get,
    )
    def portal_data_requests(self, **post):
        beneficiary = self._own_file()
        if not beneficiary:
            return request.redirect("/my")
        DataRequest = request.env["beneficiary.data.request"]
        values = self._prepare_portal_layout_values()
        values.update(
            {"page_name": "beneficiary_data_requests", "error": False, "submitted": False}
        )
        if request.httprequest.method == "POST":
            try:
                values["submitted"] = DataRequest._portal_create(
                    beneficiary, post.get("request_kind"), post.get("description")
                )
            except (UserError, AccessError) as error:
                values["error"] = error.args[0]
        values.update(
            {
                "data_requests": DataRequest.search(
                    [("partner_id", "=", beneficiary.partner_id.id)]
                ),
                "kinds": DataRequest._fields["request_kind"]._description_selection(request.env),
                "form": post,
            }
        )
        return request.render("beneficiary_relations.portal_my_data_requests", values)

    @http.route(
        "/my/personal-data/<int:data_request_id>/copy.<string:extension>",
        type="http",
        auth="user",
        website=True,
        # The download of a copy of personal data writes its access-log row in
        # the same transaction as the read: it runs on the primary database.
        readonly=False,
    )
    def portal_data_request_copy(self, data_request_id, extension, **kwargs):
        record = self._own_record("beneficiary.data.request", data_request_id)
        attachment = (
            record
            and extension in ("json", "pdf")
            and record._bundle_download_attachment(f".{extension}")
        )
        if not attachment:
            return request.redirect("/my/personal-data")
        request.env["beneficiary.access.log"].sudo()._log(
            record.sudo().beneficiary_id, "bundle", channel="portal"
        )
        return request.make_response(
            attachment.raw,
            headers=[
                ("Content-Type", attachment.mimetype),
                ("Content-Disposition", f'attachment; filename="{attachment.name}"'),
            ],
        )
