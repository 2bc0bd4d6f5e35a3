import json

from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools.hijri import format_hijri
from .routing import read_only_on_get


class BeneficiaryPortal(CustomerPortal):
    """The beneficiary's own requests, complaints, surveys and data on /my.

    Every record is read as the logged-in portal user, so record rules decide
    what exists for them: another beneficiary's ids answer "not found".
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("beneficiary_request_count", "beneficiary.request"),
            ("beneficiary_complaint_count", "beneficiary.complaint"),
        ):
            if counter in counters:
                Model = request.env[model]
                values[counter] = (
                    Model.search_count(self._own_domain()) if Model.has_access("read") else 0
                )
        return values

    def _own_domain(self):
        return [("partner_id", "=", request.env.user.partner_id.id)]

    def _hijri_values(self):
        lang = request.env.lang
        return {"format_hijri": lambda day: format_hijri(day, lang)}

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

    def _portal_list(self, model, url, template, page_name, session_key, page, sortby, filterby):
        """A paged, sortable list of the user's own records, as Odoo's portal lists."""
        Model = request.env[model]
        searchbar_sortings = {
            "date": {"label": request.env._("Newest"), "order": "received_date desc, id desc"},
            "deadline": {"label": request.env._("Answer deadline"), "order": "deadline_date asc"},
            "name": {"label": request.env._("Reference"), "order": "name desc"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
        }
        searchbar_filters = {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {
                "label": request.env._("In progress"),
                "domain": [("state", "not in", Model._final_states)],
            },
        }
        sortby = sortby if sortby in searchbar_sortings else "date"
        filterby = filterby if filterby in searchbar_filters else "all"
        domain = self._own_domain() + searchbar_filters[filterby]["domain"]
        pager = portal_pager(
            url=url,
            url_args={"sortby": sortby, "filterby": filterby},
            total=Model.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        records = Model.search(
            domain,
            order=searchbar_sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session[session_key] = records.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(self._hijri_values())
        values.update(
            {
                "records": records,
                "page_name": page_name,
                "pager": pager,
                "default_url": url,
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
                "searchbar_filters": searchbar_filters,
                "filterby": filterby,
            }
        )
        return request.render(template, values)

    def _portal_page(self, model, record_id, access_token, template, page_name, session_key, **kw):
        try:
            record_sudo = self._document_check_access(model, record_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(self._hijri_values())
        values.update(
            {
                "record": record_sudo,
                "page_name": page_name,
                "timeline": record_sudo._portal_timeline(),
            }
        )
        values.update(kw.pop("extra", {}))
        values = self._get_page_view_values(
            record_sudo, access_token, values, session_key, False, **kw
        )
        # The portal chatter posts as the viewer, with the record's token.
        values["token"] = record_sudo._portal_ensure_token()
        return request.render(template, values)

    @http.route(
        ["/my/beneficiary-requests", "/my/beneficiary-requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_requests(self, page=1, sortby=None, filterby=None, **kwargs):
        return self._portal_list(
            "beneficiary.request",
            "/my/beneficiary-requests",
            "beneficiary_relations.portal_my_requests",
            "beneficiary_requests",
            "my_beneficiary_requests_history",
            page,
            sortby,
            filterby,
        )

    @http.route(
        "/my/beneficiary-requests/<int:request_id>",
        type="http",
        auth="public",
        website=True,
        readonly=True,
    )
    def portal_request(self, request_id, access_token=None, upload_error=None, **kwargs):
        extra = {"upload_error": upload_error, "uploaded": kwargs.pop("uploaded", None)}
        try:
            record_sudo = self._document_check_access(
                "beneficiary.request", request_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        extra["decision"] = self._final_decision(record_sudo)
        extra["document_lines"] = record_sudo._portal_document_lines()
        return self._portal_page(
            "beneficiary.request",
            request_id,
            access_token,
            "beneficiary_relations.portal_request_page",
            "beneficiary_request",
            "my_beneficiary_requests_history",
            extra=extra,
            **kwargs,
        )

    @http.route(
        "/my/beneficiary-requests/<int:request_id>/documents/<int:line_id>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_request_upload(self, request_id, line_id, access_token=None, **form):
        """The applicant sends a missing or renewed document of the checklist."""
        try:
            record_sudo = self._document_check_access(
                "beneficiary.request", request_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        url = record_sudo.get_portal_url() if access_token else record_sudo.access_url
        separator = "&" if "?" in url else "?"
        line = record_sudo.document_line_ids.filtered(lambda doc_line: doc_line.id == line_id)
        errors = {}
        upload = request.httprequest.files.get("attachment")
        read = (
            request.env["beneficiary.public.form"]
            .sudo()
            ._read_file(
                upload, errors, "attachment", line.type_id.name or request.env._("The document")
            )
        )
        expiry = False
        if form.get("expiry_date"):
            try:
                expiry = fields.Date.to_date(form["expiry_date"])
            except ValueError:
                errors["expiry_date"] = request.env._("The expiry date is not a valid date.")
        if not errors:
            try:
                with request.env.cr.savepoint():
                    record_sudo._portal_upload_document(line, *read, expiry_date=expiry)
            except UserError as error:
                errors["attachment"] = str(error)
        if errors:
            return request.redirect(
                f"{url}{separator}{url_encode({'upload_error': next(iter(errors.values()))})}"
            )
        return request.redirect(f"{url}{separator}uploaded=1")

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
        readonly=True,
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

    @http.route(
        ["/my/beneficiary-complaints", "/my/beneficiary-complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_complaints(self, page=1, sortby=None, filterby=None, **kwargs):
        return self._portal_list(
            "beneficiary.complaint",
            "/my/beneficiary-complaints",
            "beneficiary_relations.portal_my_complaints",
            "beneficiary_complaints",
            "my_beneficiary_complaints_history",
            page,
            sortby,
            filterby,
        )

    @http.route(
        "/my/beneficiary-complaints/<int:complaint_id>",
        type="http",
        auth="public",
        website=True,
        readonly=True,
    )
    def portal_complaint(self, complaint_id, access_token=None, **kwargs):
        return self._portal_page(
            "beneficiary.complaint",
            complaint_id,
            access_token,
            "beneficiary_relations.portal_complaint_page",
            "beneficiary_complaint",
            "my_beneficiary_complaints_history",
            **kwargs,
        )

    @http.route("/my/beneficiary-surveys", type="http", auth="user", website=True, readonly=True)
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
        readonly=read_only_on_get,
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

    @http.route(
        "/my/beneficiary-file/data.json", type="http", auth="user", website=True, readonly=True
    )
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
