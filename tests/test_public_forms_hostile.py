import base64
import struct
import zlib

from odoo.tests import tagged

from .test_public_forms import PDF, PNG, PublicFormCase


def png_header(width, height):
    """A valid PNG that claims ``width`` x ``height`` pixels in a few bytes."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@tagged("post_install", "-at_install")
class TestHostilePublicForms(PublicFormCase):
    """Hostile inputs get the form back with a message, never an HTTP 500, and leave
    no record behind."""

    URL = "/beneficiary-relations/apply/aid_financial"

    def _refused(self, data, files=None, message=None, url=None):
        url = url or self.URL
        counts = (
            self.Request.search_count([]),
            self.Complaint.search_count([]),
            self.env["res.partner"].search_count([]),
            self.env["ir.attachment"].search_count([]),
        )
        response = self._post(url, data, files if files is not None else self._aid_files())
        self.assertEqual(response.status_code, 200)
        self.assertIn("alert-danger", response.text)
        if message:
            self.assertIn(self._arabic(message), response.text)
        self.assertEqual(
            counts,
            (
                self.Request.search_count([]),
                self.Complaint.search_count([]),
                self.env["res.partner"].search_count([]),
                self.env["ir.attachment"].search_count([]),
            ),
            "a refused submission leaves nothing",
        )
        return response

    def test_decompression_bomb_signature(self):
        bomb = "data:image/png;base64," + base64.b64encode(png_header(40000, 40000)).decode()
        self._refused(
            self._aid_data(signature=bomb),
            message=self.arabic._("The signature is too large; sign again."),
        )

    def test_malformed_and_oversized_signatures(self):
        for signature in (
            "data:image/png;base64,@@@not-base64@@@",
            "data:image/png;base64,iVBORw0KGgo=",
            "data:image/png;base64," + base64.b64encode(b"<html>x</html>").decode(),
            "data:image/png;base64," + "A" * (1024 * 1024),
        ):
            with self.subTest(signature=signature[:40]):
                self._refused(self._aid_data(signature=signature))

    def test_nul_bytes_and_control_characters(self):
        message = self.arabic._("This field contains characters that cannot be accepted.")
        for key in ("description", "name", "signer", "requested_amount"):
            with self.subTest(key=key):
                self._refused(self._aid_data(**{key: "مساعدة\x00 إيجار"}), message=message)
        self._refused(self._aid_data(description="a\x1b[31m"), message=message)

    def test_oversized_text(self):
        self._refused(
            self._aid_data(description="أ" * 6000),
            message=self.arabic._(
                "This field is too long: at most %(count)s characters.", count=5000
            ),
        )

    def test_odd_unicode_and_numbers(self):
        for values in (
            {"requested_amount": "nan"},
            {"requested_amount": "inf"},
            {"requested_amount": "1e400"},
            {"requested_amount": "٣٠٠٠٠٠٠٠٠٠٠"},
            {"national_id": "１２３４５６７８９０"},
            {"national_id": "\u202e1000000008"},
            {"mobile": "\ufeff٠٥٠٠٠٠٠٠٠٩\u200f" + "9" * 20},
        ):
            with self.subTest(values=values):
                self._refused(self._aid_data(**values))
        # Odd but harmless input is simply accepted, never an error page.
        response = self._post(
            "/beneficiary-relations/apply/registration",
            self._aid_data(
                name="\U0001f600 سارة \u200fالدوسري",
                national_id="2000000006",
                mobile="٠٥٥١٢٣٤٥٦٧",
                category_id="²",
            ),
            {
                f"document_{doc_type.id}": (f"{doc_type.code}.pdf", PDF, "application/pdf")
                for doc_type in self.registration_type.required_document_type_ids
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_beneficiary_thanks", response.text, "the thank-you page")
        self.assertNotIn("alert-danger", response.text)

    def test_file_type_is_judged_by_content(self):
        doc_type = self.aid_type.required_document_type_ids[0]
        key = f"document_{doc_type.id}"
        name = doc_type.with_context(lang="ar_001").name
        html = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
        self._refused(
            self._aid_data(),
            self._aid_files(**{key: ("statement.pdf", html, "application/pdf")}),
            self.arabic._(
                "%(document)s is not really a PDF, PNG or JPEG file: its content does not "
                "match its name.",
                document=name,
            ),
        )
        # A PDF renamed .png is not an image either.
        self._refused(self._aid_data(), self._aid_files(**{key: ("photo.png", PDF, "image/png")}))

    def test_image_bomb_document(self):
        doc_type = self.aid_type.required_document_type_ids[0]
        key = f"document_{doc_type.id}"
        name = doc_type.with_context(lang="ar_001").name
        self._refused(
            self._aid_data(),
            self._aid_files(**{key: ("scan.png", png_header(40000, 40000), "image/png")}),
            self.arabic._(
                "%(document)s has too many pixels: scan or photograph it at a lower resolution.",
                document=name,
            ),
        )
        # A real small image is accepted.
        response = self._post(
            self.URL, self._aid_data(), self._aid_files(**{key: ("scan.png", PNG, "image/png")})
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_beneficiary_thanks", response.text, "the thank-you page")
        self.assertNotIn("alert-danger", response.text)

    def test_hostile_complaint(self):
        category = self.env.ref("beneficiary_relations.complaint_category_service")
        data = {
            "category_id": str(category.id),
            "subject": "موضوع\x00",
            "description": "تفاصيل",
            "anonymous": "1",
        }
        self._refused(data, {}, url="/beneficiary-relations/complaint")
        data.update(subject="موضوع", category_id="٫٣")
        self._refused(data, {}, url="/beneficiary-relations/complaint")
        data.update(category_id=str(category.id))
        self._refused(
            data,
            {"evidence": ("evidence.jpg", b"MZ\x90\x00 not a jpeg", "image/jpeg")},
            url="/beneficiary-relations/complaint",
        )

    def test_refused_attempts_count_toward_the_limit(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "beneficiary_relations.public_form_hourly_limit", 2
        )
        self._refused(self._aid_data(description="\x00"))
        self._refused(self._aid_data(signature=""))
        self._refused(
            self._aid_data(),
            message=self.arabic._(
                "Too many submissions from your connection in the last hour. Please try "
                "again later or call us."
            ),
        )
