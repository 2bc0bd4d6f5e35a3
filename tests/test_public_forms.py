import base64
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import load_arabic, valid_national_id

PDF = b"%PDF-1.4\n%beneficiary test\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
SIGNATURE = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class PublicFormCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_arabic(cls.env)
        cls.env["ir.config_parameter"].sudo().set_param(
            "beneficiary_relations.public_form_hourly_limit", 1000
        )
        cls.arabic = cls.env(context={"lang": "ar_001"})
        cls.aid_type = cls.env.ref("beneficiary_relations.request_type_aid_financial")
        cls.registration_type = cls.env.ref("beneficiary_relations.request_type_registration")
        (cls.aid_type | cls.registration_type).is_public = True
        cls.beneficiary = cls.env["beneficiary.beneficiary"].create(
            {
                "name": "نورة محمد عبدالله العتيبي",
                "national_id": valid_national_id(),
                "mobile": "+966500000009",
                "category_id": cls.env.ref("beneficiary_relations.category_widow").id,
            }
        )
        cls.Request = cls.env["beneficiary.request"]
        cls.Complaint = cls.env["beneficiary.complaint"]

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _aid_data(self, **values):
        data = {
            "name": self.beneficiary.name,
            "national_id": self.beneficiary.national_id,
            "mobile": "0500000009",
            "requested_amount": "2500",
            "description": "مساعدة لسداد إيجار السكن",
            "declaration": "1",
            "signer": self.beneficiary.name,
            "signature": SIGNATURE,
        }
        data.update(values)
        return data

    def _aid_files(self, **overrides):
        files = {
            f"document_{doc_type.id}": (f"{doc_type.code}.pdf", PDF, "application/pdf")
            for doc_type in self.aid_type.required_document_type_ids
        }
        files.update(overrides)
        return {key: value for key, value in files.items() if value}

    def _post(self, url, data, files=None, csrf=True):
        if csrf:
            data = dict(data, csrf_token=self._csrf(url))
        return self.url_open(url, data=data, files=files or {})

    def _arabic(self, message):
        return str(escape(message))


class TestPublicRequestForms(PublicFormCase):
    URL = "/beneficiary-relations/apply/aid_financial"

    def test_form_shows_criteria_documents_and_is_arabic(self):
        page = self.url_open(self.URL)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_rtl", page.text)
        for doc_type in self.aid_type.required_document_type_ids:
            self.assertIn(str(escape(doc_type.with_context(lang="ar_001").name)), page.text)
        self.assertEqual(self.url_open("/beneficiary-relations/apply/nothing").status_code, 404)

    def test_valid_submission_creates_exactly_one_request(self):
        before = self.Request.search_count([])
        response = self._post(self.URL, self._aid_data(), self._aid_files())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.Request.search_count([]), before + 1)
        request = self.Request.search([], order="id desc", limit=1)
        self.assertIn(request.name, response.text)
        self.assertEqual(request.channel_id, self.env.ref("beneficiary_relations.channel_website"))
        self.assertEqual(request.beneficiary_id, self.beneficiary)
        self.assertEqual(request.requested_amount, 2500)
        self.assertEqual(len(request.document_line_ids), 2)
        self.assertTrue(all(line.attachment for line in request.document_line_ids))
        self.assertTrue(request.declaration_valid)
        self.assertFalse(request.missing_items, "the web request arrives complete")
        # Uploads are readable by staff only.
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "beneficiary.request.document"),
                ("res_field", "=", "attachment"),
                ("res_id", "in", request.document_line_ids.ids),
            ]
        )
        self.assertEqual(len(attachments), 2)
        with self.assertRaises(AccessError):
            attachments.with_user(self.env.ref("base.public_user")).read(["datas"])

    def _assert_refused(self, data, files, message, csrf=True):
        before = (self.Request.search_count([]), self.env["res.partner"].search_count([]))
        response = self._post(self.URL, data, files, csrf=csrf)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self._arabic(message), response.text)
        after = (self.Request.search_count([]), self.env["res.partner"].search_count([]))
        self.assertEqual(before, after, "a refused submission creates nothing")

    def test_wrong_check_digit(self):
        number = self.beneficiary.national_id
        wrong = number[:9] + str((int(number[9]) + 1) % 10)
        message = (
            f"رقم الهوية الوطنية / الإقامة {wrong} غير صحيح: رقم التحقق غير مطابق. "
            "يرجى التأكد من الرقم."
        )
        self._assert_refused(self._aid_data(national_id=wrong), self._aid_files(), message)

    def test_missing_document(self):
        doc_type = self.aid_type.required_document_type_ids[0]
        message = self.arabic._(
            "%(document)s is required.", document=doc_type.with_context(lang="ar_001").name
        )
        self._assert_refused(
            self._aid_data(), self._aid_files(**{f"document_{doc_type.id}": None}), message
        )

    def test_forbidden_and_oversized_files(self):
        doc_type = self.aid_type.required_document_type_ids[0]
        key = f"document_{doc_type.id}"
        name = doc_type.with_context(lang="ar_001").name
        env = self.arabic
        self._assert_refused(
            self._aid_data(),
            self._aid_files(**{key: ("virus.exe", b"MZ...", "application/octet-stream")}),
            env._("%(document)s: only PDF, PNG or JPEG files are accepted.", document=name),
        )
        self._assert_refused(
            self._aid_data(),
            self._aid_files(
                **{key: ("big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), "application/pdf")}
            ),
            env._("%(document)s is larger than %(size)s MB.", document=name, size=5),
        )

    def test_missing_csrf_token(self):
        self._assert_refused(
            self._aid_data(),
            self._aid_files(),
            self.arabic._("This page has expired. Reload it and submit the form again."),
            csrf=False,
        )

    def test_honeypot(self):
        self._assert_refused(
            self._aid_data(website_url="http://spam.example"),
            self._aid_files(),
            self.arabic._("Your submission could not be accepted."),
        )

    def test_rate_limit(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "beneficiary_relations.public_form_hourly_limit", 1
        )
        self._post(self.URL, self._aid_data(), self._aid_files())
        self._assert_refused(
            self._aid_data(),
            self._aid_files(),
            self.arabic._(
                "Too many submissions from your connection in the last hour. Please try again "
                "later or call us."
            ),
        )

    def test_declaration_and_unknown_file(self):
        self._assert_refused(
            self._aid_data(signature="", declaration=""),
            self._aid_files(),
            self.arabic._("Sign in the signature box."),
        )
        self._assert_refused(
            self._aid_data(mobile="0511111111"),
            self._aid_files(),
            self.arabic._(
                "We could not find a beneficiary file with this national ID and mobile number. "
                "Apply for registration first, or contact us."
            ),
        )

    def test_registration_creates_an_applicant_file(self):
        number = valid_national_id()
        files = {
            f"document_{doc_type.id}": (f"{doc_type.code}.pdf", PDF, "application/pdf")
            for doc_type in self.registration_type.required_document_type_ids
        }
        data = self._aid_data(name="سارة فهد سعد الدوسري", national_id=number, mobile="0551234567")
        response = self._post("/beneficiary-relations/apply/registration", data, files)
        self.assertEqual(response.status_code, 200)
        beneficiary = self.env["beneficiary.beneficiary"].search([("national_id", "=", number)])
        self.assertEqual(beneficiary.state, "applicant")
        self.assertEqual(beneficiary.mobile, "+966551234567")
        self.assertEqual(len(beneficiary.request_ids), 1)
        # The same number again gets the same answer as a new one, so the form tells
        # nobody whether a number is registered; an officer reviews it on the file.
        again = self._post("/beneficiary-relations/apply/registration", data, files)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(
            self.env["beneficiary.beneficiary"].search_count([("national_id", "=", number)]), 1
        )
        self.assertEqual(len(beneficiary.request_ids), 2)
        review = beneficiary.request_ids.sorted("id")[-1]
        self.assertIn(review.name, again.text)
        self.assertNotIn(beneficiary.reference, again.text)
        self.assertEqual(review.applicant_national_id, number)
        self.assertIn("+966551234567", review.description, "what the applicant gave, to check")
        first_page = response.text.replace(beneficiary.request_ids.sorted("id")[0].name, "REF")
        self.assertEqual(
            again.text.replace(review.name, "REF").count("REF"), first_page.count("REF")
        )

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.dictionaries(
            st.sampled_from(
                ["name", "national_id", "mobile", "email", "requested_amount", "description",
                 "declaration", "signer", "signature", "category_id", "website_url"]
            ),
            st.text(max_size=40),
        )
    )  # fmt: skip
    def test_malformed_posts_never_fail(self, data):
        before = self.Request.search_count([])
        response = self._post(self.URL, data, {})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.Request.search_count([]), before)


class TestPublicComplaintForm(PublicFormCase):
    URL = "/beneficiary-relations/complaint"

    def test_named_complaint_with_evidence(self):
        category = self.env.ref("beneficiary_relations.complaint_category_service")
        before = self.Complaint.search_count([])
        response = self._post(
            self.URL,
            {
                "category_id": str(category.id),
                "subject": "لم يرد أحد على الهاتف",
                "description": "اتصلت ثلاث مرات دون رد.",
                "name": "خالد سعد القحطاني",
                "mobile": "0551234567",
            },
            {"evidence": ("screenshot.png", PNG, "image/png")},
        )
        self.assertEqual(self.Complaint.search_count([]), before + 1)
        complaint = self.Complaint.search([], order="id desc", limit=1)
        self.assertIn(complaint.name, response.text)
        self.assertEqual(
            complaint.channel_id, self.env.ref("beneficiary_relations.channel_website")
        )
        self.assertEqual(complaint.partner_id.mobile, "+966551234567")
        self.assertEqual(complaint.attachment_ids.name, "screenshot.png")
        with self.assertRaises(AccessError):
            complaint.attachment_ids.with_user(self.env.ref("base.public_user")).read(["datas"])

    def test_anonymous_complaint_and_refusals(self):
        category = self.env.ref("beneficiary_relations.complaint_category_service")
        before = self.Complaint.search_count([])
        self._post(
            self.URL,
            {
                "category_id": str(category.id),
                "subject": "سوء معاملة",
                "description": "تفاصيل",
                "anonymous": "1",
            },
        )
        complaint = self.Complaint.search([], order="id desc", limit=1)
        self.assertEqual(self.Complaint.search_count([]), before + 1)
        self.assertTrue(complaint.is_anonymous)
        self.assertFalse(complaint.partner_id)
        refused = self._post(
            self.URL, {"category_id": str(category.id), "subject": "", "description": ""}
        )
        self.assertIn(self._arabic(self.arabic._("Describe the complaint.")), refused.text)
        self.assertEqual(self.Complaint.search_count([]), before + 1)
