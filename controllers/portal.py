import json

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class BeneficiaryPortal(CustomerPortal):
    """The beneficiary's own requests, complaints, surveys and data on /my.

    Every record is read as the logged-in portal user, so record rules decide
    what exists for them: another beneficiary's ids answer "not found".
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        if "beneficiary_request_count" in counters:
            values["beneficiary_request_count"] = (
                request.env["beneficiary.request"].search_count([("partner_id", "=", partner.id)])
                if request.env["beneficiary.request"].has_access("read")
                else 0
            )
        if "beneficiary_complaint_count" in counters:
            values["beneficiary_complaint_count"] = (
                request.env["beneficiary.complaint"].search_count([("partner_id", "=", partner.id)])
                if request.env["beneficiary.complaint"].has_access("read")
                else 0
            )
        return values

    def _own_record(self, model, record_id):
        record = request.env[model].browse(record_id)
        try:
            record.check_access("read")
            record.ensure_one()
        except (AccessError, MissingError, ValueError):
            return None
        if record.partner_id != request.env.user.partner_id:
            return None
        return record

    def _own_file(self):
        return request.env["beneficiary.beneficiary"].search(
            [("partner_id", "=", request.env.user.partner_id.id)], limit=1
        )

    @http.route("/my/beneficiary-requests", type="http", auth="user", website=True)
    def portal_requests(self, **kwargs):
        requests = request.env["beneficiary.request"].search(
            [("partner_id", "=", request.env.user.partner_id.id)]
        )
        values = self._prepare_portal_layout_values()
        values.update({"requests": requests, "page_name": "beneficiary_requests"})
        return request.render("beneficiary_relations.portal_my_requests", values)

    @http.route("/my/beneficiary-requests/<int:request_id>", type="http", auth="user", website=True)
    def portal_request(self, request_id, **kwargs):
        record = self._own_record("beneficiary.request", request_id)
        if not record:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "record": record,
                "decision": self._final_decision(record),
                "page_name": "beneficiary_request",
            }
        )
        return request.render("beneficiary_relations.portal_request_page", values)

    def _final_decision(self, record):
        """The decision the applicant has been told, once its minutes are approved."""
        decision = record.sudo().decision_id
        if decision.locked and decision.outcome in ("approve", "reject", "more_info"):
            return decision
        return None

    @http.route(
        "/my/beneficiary-requests/<int:request_id>/decision-letter",
        type="http",
        auth="user",
        website=True,
    )
    def portal_decision_letter(self, request_id, **kwargs):
        record = self._own_record("beneficiary.request", request_id)
        decision = record and self._final_decision(record)
        if not decision:
            return request.redirect("/my")
        # The applicant may not read committee decisions in general: their own
        # final decision is printed for them once ownership is established.
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_context(lang=request.env.user.lang)
            ._render_qweb_pdf(
                "beneficiary_relations.beneficiary_committee_decision_report_letter", decision.ids
            )
        )
        filename = f"{decision.name.replace('/', '-')}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", f'attachment; filename="{filename}"'),
            ],
        )

    @http.route("/my/beneficiary-complaints", type="http", auth="user", website=True)
    def portal_complaints(self, **kwargs):
        complaints = request.env["beneficiary.complaint"].search(
            [("partner_id", "=", request.env.user.partner_id.id)]
        )
        values = self._prepare_portal_layout_values()
        values.update({"complaints": complaints, "page_name": "beneficiary_complaints"})
        return request.render("beneficiary_relations.portal_my_complaints", values)

    @http.route(
        "/my/beneficiary-complaints/<int:complaint_id>", type="http", auth="user", website=True
    )
    def portal_complaint(self, complaint_id, **kwargs):
        record = self._own_record("beneficiary.complaint", complaint_id)
        if not record:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({"record": record, "page_name": "beneficiary_complaint"})
        return request.render("beneficiary_relations.portal_complaint_page", values)

    @http.route("/my/beneficiary-surveys", type="http", auth="user", website=True)
    def portal_surveys(self, **kwargs):
        pending = (
            request.env["survey.user_input"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", request.env.user.partner_id.id),
                    ("state", "!=", "done"),
                    "|",
                    ("beneficiary_request_id", "!=", False),
                    ("beneficiary_complaint_id", "!=", False),
                ]
            )
        )
        values = self._prepare_portal_layout_values()
        values.update({"answers": pending, "page_name": "beneficiary_surveys"})
        return request.render("beneficiary_relations.portal_my_surveys", values)

    @http.route(
        "/my/beneficiary-file/update",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_update(self, **form):
        beneficiary = self._own_file()
        if not beneficiary:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "beneficiary": beneficiary,
                "form": form,
                "errors": {},
                "page_name": "beneficiary_update",
            }
        )
        if request.httprequest.method == "POST":
            try:
                update = beneficiary.sudo()._request_data_update(form)
            except UserError as error:
                values["errors"] = {"form": str(error)}
            else:
                values["submitted"] = update
        return request.render("beneficiary_relations.portal_update_form", values)

    @http.route("/my/beneficiary-file/data.json", type="http", auth="user", website=True)
    def portal_personal_data(self, **kwargs):
        beneficiary = self._own_file()
        if not beneficiary:
            return request.redirect("/my")
        payload = json.dumps(beneficiary._personal_data_export(), ensure_ascii=False, indent=2)
        return request.make_response(
            payload,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", 'attachment; filename="my-data.json"'),
            ],
        )
