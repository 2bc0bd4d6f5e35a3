from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..models.beneficiary_public_form import (
    ALLOWED_EXTENSIONS,
    MAX_FILE_SIZE,
    PublicFormError,
)
from .routing import read_only_on_get

ARABIC = "ar_001"


class BeneficiaryPublicForms(http.Controller):
    """Public web forms: apply, ask for aid, volunteer, work, complain.

    They need no login and no `website` app: pages use the portal's frontend
    layout. The controller parses and renders; checks and records live in
    ``beneficiary.public.form``.
    """

    def _context_lang(self):
        """Arabic first: visitors get Arabic unless they ask for another language."""
        asked = request.params.get("lang")
        installed = {code for code, _name in request.env["res.lang"].get_installed()}
        if asked in installed:
            return asked
        return ARABIC if ARABIC in installed else request.env.lang

    def _use_visitor_lang(self):
        # Before any record is read: records keep the language of the environment
        # they were read with (document type names, messages naming them).
        request.update_context(lang=self._context_lang())

    def _render(self, template, values):
        if "form" in values:
            # What the visitor typed is shown back, without what no page can hold.
            clean = request.env["beneficiary.public.form"]._clean_text
            values["form"] = {key: clean(value) for key, value in values["form"].items()}
        values.update(
            {
                "allowed_extensions": ", ".join(sorted(ALLOWED_EXTENSIONS)),
                "max_file_mb": MAX_FILE_SIZE // (1024 * 1024),
            }
        )
        return request.render(template, values)

    def _form_page(self, template, values, submit, request_type):
        """Show the form; on POST, record it (nothing on refusal) and thank the visitor."""
        if request.httprequest.method != "POST":
            return self._render(template, values)
        address = request.httprequest.remote_addr
        # Every submission counts toward the hourly limit, refused ones too.
        request.env["beneficiary.public.form"]._record_attempt(address)
        try:
            self._check_csrf(values["form"])
            with request.env.cr.savepoint():
                record = submit(request.httprequest.files, address)
        except PublicFormError as error:
            values["errors"] = error.errors
            return self._render(template, values)
        except (UserError, ValidationError) as error:
            values["errors"] = {"form": str(error)}
            return self._render(template, values)
        return self._render(
            "beneficiary_relations.public_form_thanks",
            {"record": record, "request_type": request_type},
        )

    def _check_csrf(self, form):
        # Checked here rather than by the route so that the visitor gets the form
        # back with a message in their language instead of a bare error page.
        if not request.validate_csrf(form.pop("csrf_token", "")):
            raise PublicFormError(
                {
                    "form": request.env._(
                        "This page has expired. Reload it and submit the form again."
                    )
                }
            )

    def _public_types(self):
        return (
            request.env["beneficiary.request.type"]
            .sudo()
            .search([("is_public", "=", True)], order="sequence, id")
        )

    @http.route(
        "/beneficiary-relations/apply",
        type="http",
        auth="public",
        sitemap=False,
        website=True,
        readonly=True,
    )
    def apply_index(self, **kwargs):
        self._use_visitor_lang()
        return self._render(
            "beneficiary_relations.public_form_index",
            {"request_types": self._public_types()},
        )

    @http.route(
        "/beneficiary-relations/apply/<string:code>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
        website=True,
        csrf=False,
        readonly=read_only_on_get,
    )
    def apply(self, code, **form):
        self._use_visitor_lang()
        request_type = self._public_types().filtered(lambda t: t.code == code)
        if not request_type:
            raise request.not_found()
        values = {
            "request_type": request_type,
            "form": form,
            "errors": {},
            "categories": request.env["beneficiary.category"].sudo().search([]),
        }
        return self._form_page(
            "beneficiary_relations.public_request_form",
            values,
            lambda files, address: request.env["beneficiary.public.form"]._submit_request(
                request_type, form, files, address
            ),
            request_type,
        )

    @http.route(
        "/beneficiary-relations/complaint",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
        website=True,
        csrf=False,
        readonly=read_only_on_get,
    )
    def complaint(self, **form):
        self._use_visitor_lang()
        values = {
            "form": form,
            "errors": {},
            "categories": request.env["beneficiary.complaint.category"].sudo().search([]),
        }
        return self._form_page(
            "beneficiary_relations.public_complaint_form",
            values,
            lambda files, address: request.env["beneficiary.public.form"]._submit_complaint(
                form, files, address
            ),
            False,
        )
