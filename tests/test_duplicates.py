import io

from werkzeug.datastructures import FileStorage

from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .common import RequestCase, valid_national_id
from .test_public_forms import PDF, SIGNATURE


@tagged("post_install", "-at_install")
class TestDuplicateDetection(RequestCase):
    """Files that may be the same person, found beyond the exact national ID."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "beneficiary_relations.public_form_hourly_limit", 1000
        )
        cls.existing = cls.create_beneficiary(
            name="فاطمة عبدالله سعد القحطاني", mobile="0551234567"
        )
        cls.other_company = cls.env["res.company"].create({"name": "جمعية البر الفرعية"})

    def test_similar_name_one_letter_apart_is_found(self):
        # ة/ه, إ/ا and a different letter in the family name: one spelling away.
        newcomer = self.create_beneficiary(name="فاطمه عبد الله سعد القحطانى")
        self.assertEqual(newcomer.name_key, self.existing.name_key)
        typo = self.create_beneficiary(name="فاطمة عبدالله سعد القحطاتي")
        found = typo.with_user(self.officer).duplicate_ids
        self.assertIn(self.existing, found)
        self.assertIn(newcomer, found)
        self.assertRegex(typo.with_user(self.officer).duplicate_summary, r"similar name \(\d+%\)")
        self.assertEqual(typo.with_user(self.officer).duplicate_count, len(found))

    def test_unrelated_name_is_not_found(self):
        stranger = self.create_beneficiary(name="هند خالد إبراهيم الشمري")
        self.assertNotIn(self.existing, stranger.with_user(self.officer).duplicate_ids)
        self.assertFalse(
            stranger.with_user(self.officer).duplicate_ids.filtered(
                lambda candidate: "القحطاني" in candidate.name
            )
        )

    def test_same_mobile_in_any_format(self):
        other = self.create_beneficiary(name="مريم ناصر علي الدوسري", mobile="+966 55 123 4567")
        self.assertEqual(other.mobile_key, self.existing.mobile_key)
        reasons = other.with_user(self.officer).with_context(duplicate_of_id=other.id)
        self.assertIn(self.existing, reasons.duplicate_ids)
        listed = self.existing.with_user(self.officer).with_context(duplicate_of_id=other.id)
        self.assertIn("same mobile number", listed.duplicate_reason)
        self.assertNotIn("similar name", listed.duplicate_reason)

    def test_member_id_and_spouse_held_in_another_file(self):
        # One number, one file per company: the same person shows up across companies.
        user = new_test_user(
            self.env,
            "br_officer_two_companies",
            groups="beneficiary_relations.group_beneficiary_officer",
            company_ids=[(6, 0, (self.company | self.other_company).ids)],
        )
        husband, son = valid_national_id(), valid_national_id()
        there = self.create_beneficiary(
            name="سلمى راشد محمد العنزي",
            company_id=self.other_company.id,
            member_ids=[
                (0, 0, {"name": "سعد حمد العنزي", "relation": "spouse", "national_id": husband}),
            ],
        )
        holder = self.create_beneficiary(
            name="عبدالرحمن سعد حمد العنزي", company_id=self.other_company.id, national_id=son
        )
        here = self.create_beneficiary(
            name="نوف عبدالعزيز فهد الحربي",
            member_ids=[
                (0, 0, {"name": "سعد حمد العنزي", "relation": "spouse", "national_id": husband}),
                (0, 0, {"name": "عبدالرحمن سعد العنزي", "relation": "son", "national_id": son}),
            ],
        )
        both = self.env(
            user=user, context={"allowed_company_ids": [self.company.id, self.other_company.id]}
        )
        reasons = dict(here.with_env(both)._duplicate_candidates())
        self.assertIn(there.id, reasons)
        self.assertIn("same spouse", " ".join(reasons[there.id]))
        self.assertIn(holder.id, reasons)
        self.assertIn("holds that file", " ".join(reasons[holder.id]))
        # The officer of one company only sees neither.
        self.assertFalse(
            here.with_user(self.officer).duplicate_ids & (there | holder),
            "files of a company the user cannot see are not candidates",
        )

    def test_a_user_who_cannot_see_the_other_file_does_not_get_it(self):
        newcomer = self.create_beneficiary(
            name="فاطمة عبدالله سعد القحطاني", mobile="0551234567", researcher_id=self.researcher.id
        )
        self.assertIn(self.existing, newcomer.with_user(self.officer).duplicate_ids)
        as_researcher = newcomer.with_user(self.researcher)
        self.assertFalse(as_researcher.duplicate_ids)
        self.assertEqual(as_researcher.duplicate_count, 0)
        self.assertFalse(as_researcher.duplicate_summary)

    def test_candidates_while_typing_a_new_file(self):
        form = Form(self.Beneficiary.with_user(self.officer))
        form.name = "فاطمة عبد الله سعد القحطانيه"
        form.category_id = self.category_widow
        self.assertGreaterEqual(form.duplicate_count, 1)
        self.assertIn(self.existing.display_name, form.duplicate_summary)
        form.name = "هند خالد إبراهيم الشمري"
        self.assertNotIn(self.existing.display_name, form.duplicate_summary or "")

    def test_officer_reviewing_a_web_registration_sees_candidates(self):
        registration = self.env.ref("beneficiary_relations.request_type_registration")
        registration.is_public = True
        files = {
            f"document_{doc_type.id}": FileStorage(
                stream=io.BytesIO(PDF), filename=f"{doc_type.code}.pdf"
            )
            for doc_type in registration.required_document_type_ids
        }
        form = {
            "name": "فاطمه عبدالله سعد القحطاني",
            "national_id": valid_national_id(),
            "mobile": "0551234567",
            "declaration": "1",
            "signer": "فاطمه عبدالله سعد القحطاني",
            "signature": SIGNATURE,
        }
        request = self.env["beneficiary.public.form"]._submit_request(
            registration, form, files, "192.0.2.7"
        )
        as_officer = request.with_user(self.officer)
        self.assertIn(self.existing, as_officer.duplicate_ids)
        self.assertIn("same mobile number", as_officer.duplicate_summary)
        action = as_officer.action_view_duplicates()
        self.assertEqual(action["context"]["duplicate_of_id"], request.beneficiary_id.id)
        self.assertEqual(
            self.Beneficiary.with_user(self.officer).search(action["domain"]),
            as_officer.duplicate_ids,
        )
        # A researcher not assigned to the existing file sees no candidate.
        request.beneficiary_id.researcher_id = self.researcher
        self.assertFalse(request.with_user(self.researcher).duplicate_ids)
