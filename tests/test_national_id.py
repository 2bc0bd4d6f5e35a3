from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import BeneficiaryCase, load_arabic, valid_national_id


@tagged("post_install", "-at_install")
class TestNationalId(BeneficiaryCase):
    def test_valid_numbers_are_stored_normalised(self):
        citizen = self.create_beneficiary(national_id="1000000008")
        self.assertEqual(citizen.national_id, "1000000008")
        self.assertEqual(citizen.residency_status, "citizen")
        resident = self.create_beneficiary(national_id="2000000006")
        self.assertEqual(resident.residency_status, "resident")

    def test_arabic_indic_digits_and_spaces_are_normalised(self):
        beneficiary = self.create_beneficiary(national_id="١٠٠٠ ٠٠٠ ٠٠٨")
        self.assertEqual(beneficiary.national_id, "1000000008")
        self.assertEqual(self.Beneficiary._find_by_national_id("١٠٠٠٠٠٠٠٠٨"), beneficiary)
        beneficiary.write({"national_id": "۲۰۰۰۰۰۰۰۰۶"})  # Eastern Arabic-Indic digits
        self.assertEqual(beneficiary.national_id, "2000000006")

    def test_invalid_numbers_are_refused_with_a_clear_message(self):
        cases = {
            "1000000000": "check digit",
            "3000000001": "must start with 1",
            "100000000": "exactly 10 digits",
            "10000000081": "exactly 10 digits",
            "10000A0008": "digits only",
        }
        before = self.Beneficiary.search_count([])
        for number, message in cases.items():
            with self.subTest(number=number):
                with self.assertRaisesRegex(ValidationError, message):
                    self.create_beneficiary(national_id=number)
        self.assertEqual(self.Beneficiary.search_count([]), before, "nothing may be half-saved")
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "نورة محمد عبدالله العتيبي")]),
            "a refused file must not leave its contact behind",
        )

    def test_invalid_number_on_write_is_refused(self):
        beneficiary = self.create_beneficiary()
        number = beneficiary.national_id
        with self.assertRaisesRegex(ValidationError, "check digit"):
            beneficiary.write({"national_id": number[:9] + str((int(number[9]) + 1) % 10)})
        self.assertEqual(beneficiary.national_id, number)

    def test_duplicate_between_files_names_the_existing_file(self):
        first = self.create_beneficiary(national_id="1000000008")
        with self.assertRaises(ValidationError) as error:
            self.create_beneficiary(name="سارة فهد الدوسري", national_id="١٠٠٠٠٠٠٠٠٨")
        self.assertIn(first.reference, str(error.exception))
        self.assertIn("already registered", str(error.exception))

    def test_duplicate_between_file_and_family_member(self):
        mother = self.create_beneficiary()
        member = self.env["beneficiary.member"].create(
            {
                "beneficiary_id": mother.id,
                "name": "ريان فهد العتيبي",
                "relation": "son",
                "national_id": valid_national_id(),
            }
        )
        # A member's number cannot open a new file…
        with self.assertRaisesRegex(ValidationError, "family member on file"):
            self.create_beneficiary(national_id=member.national_id)
        # …and a file's number cannot be entered for a member.
        with self.assertRaisesRegex(ValidationError, mother.reference):
            self.env["beneficiary.member"].create(
                {
                    "beneficiary_id": mother.id,
                    "name": "لمى فهد العتيبي",
                    "relation": "daughter",
                    "national_id": mother.national_id,
                }
            )

    def test_duplicate_inside_one_batch(self):
        number = valid_national_id()
        with self.assertRaisesRegex(ValidationError, "entered twice"):
            self.Beneficiary.create(
                [
                    {"name": "أ", "national_id": number, "category_id": self.category_widow.id},
                    {"name": "ب", "national_id": number, "category_id": self.category_widow.id},
                ]
            )

    def test_duplicate_is_found_even_when_hidden_from_the_user(self):
        hidden = self.create_beneficiary()
        # The researcher cannot read the file, yet may not register its number again.
        self.assertFalse(
            self.Beneficiary.with_user(self.researcher).search([("id", "=", hidden.id)])
        )
        mother = self.create_beneficiary(researcher_id=self.researcher.id)
        with self.assertRaisesRegex(ValidationError, "already registered"):
            self.env["beneficiary.member"].with_user(self.researcher).create(
                {
                    "beneficiary_id": mother.id,
                    "name": "عضو",
                    "relation": "son",
                    "national_id": hidden.national_id,
                }
            )

    def test_same_number_allowed_in_another_company(self):
        number = valid_national_id()
        self.create_beneficiary(national_id=number)
        other_company = self.env["res.company"].create({"name": "جمعية أخرى"})
        other = self.create_beneficiary(national_id=number, company_id=other_company.id)
        self.assertEqual(other.national_id, number)

    def test_error_message_in_arabic(self):
        load_arabic(self.env)
        model = self.Beneficiary.with_context(lang="ar_001")
        with self.assertRaisesRegex(ValidationError, "رقم التحقق|خانة التحقق|غير صحيح"):
            model.create(
                {
                    "name": "هند",
                    "national_id": "1000000000",
                    "category_id": self.category_widow.id,
                }
            )
