from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import BeneficiaryCase, load_arabic, valid_national_id


@tagged("post_install", "-at_install")
class TestBeneficiaryFile(BeneficiaryCase):
    def test_contact_lives_on_a_partner_and_sensitive_data_does_not(self):
        beneficiary = self.create_beneficiary(
            user=self.officer, mobile="+966500000001", email="noura@example.com", city="الرياض"
        )
        partner = beneficiary.partner_id
        self.assertEqual(partner.name, "نورة محمد عبدالله العتيبي")
        self.assertEqual(partner.mobile, "+966500000001")
        self.assertEqual(partner.email, "noura@example.com")
        self.assertEqual(partner.company_id, beneficiary.company_id)
        for field in (
            "national_id",
            "marital_status",
            "monthly_income",
            "health_notes",
            "bank_iban",
        ):
            self.assertNotIn(field, partner._fields)
        # Editing the contact on the file edits the partner.
        beneficiary.write({"name": "نورة محمد العتيبي", "phone": "0114000000"})
        self.assertEqual(partner.name, "نورة محمد العتيبي")
        self.assertEqual(partner.phone, "0114000000")

    def test_files_are_numbered_per_sequence(self):
        first, second = self.Beneficiary.create(
            [
                {
                    "name": "أ",
                    "national_id": valid_national_id(),
                    "category_id": self.category_widow.id,
                },
                {
                    "name": "ب",
                    "national_id": valid_national_id(),
                    "category_id": self.category_widow.id,
                },
            ]
        )
        self.assertRegex(first.reference, r"^BEN/\d{6}$")
        self.assertEqual(int(second.reference[4:]), int(first.reference[4:]) + 1)
        self.assertIn(first.reference, first.display_name)

    def test_name_is_required(self):
        with self.assertRaisesRegex(ValidationError, "full name is required"):
            self.Beneficiary.create(
                {"national_id": valid_national_id(), "category_id": self.category_widow.id}
            )

    def test_registry_form_asks_for_the_name(self):
        """The officer's registry form saves a file only once its name is given."""
        form = Form(self.Beneficiary.with_user(self.officer))
        form.national_id = valid_national_id()
        form.category_id = self.category_widow
        with self.assertRaisesRegex(AssertionError, "name is a required field"):
            form.save()
        form.name = "نورة محمد عبدالله العتيبي"
        beneficiary = form.save()
        self.assertEqual(beneficiary.partner_id.name, "نورة محمد عبدالله العتيبي")
        self.assertEqual(beneficiary.create_uid, self.officer)

    def test_future_birth_dates_are_refused(self):
        tomorrow = fields.Date.today() + timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "cannot be in the future"):
            self.create_beneficiary(birth_date=tomorrow)
        beneficiary = self.create_beneficiary(birth_date=date(1985, 5, 1))
        with self.assertRaisesRegex(ValidationError, "cannot be in the future"):
            self.env["beneficiary.member"].create(
                {
                    "beneficiary_id": beneficiary.id,
                    "name": "جنى",
                    "relation": "daughter",
                    "birth_date": tomorrow,
                }
            )
        self.assertFalse(beneficiary.member_ids)

    def test_hijri_birth_date_beside_the_gregorian(self):
        self.env["res.lang"]._activate_lang("ar_001")
        beneficiary = self.create_beneficiary(birth_date=date(2022, 12, 26))
        self.assertEqual(beneficiary.with_context(lang="en_US").birth_date_hijri, "02/06/1444 AH")
        self.assertEqual(beneficiary.with_context(lang="ar_001").birth_date_hijri, "02/06/1444 هـ")

    def test_household_and_income(self):
        beneficiary = self.create_beneficiary(
            income_line_ids=[
                (0, 0, {"source": "pension", "amount": 2400}),
                (0, 0, {"source": "social_security", "amount": 1500}),
            ],
            member_ids=[
                (0, 0, {"name": "ريان", "relation": "son", "national_id": valid_national_id()}),
                (0, 0, {"name": "لمى", "relation": "daughter", "schooling": "primary"}),
            ],
        )
        self.assertEqual(beneficiary.member_count, 2)
        self.assertEqual(beneficiary.household_size, 3)
        self.assertEqual(beneficiary.monthly_income, 3900)
        self.assertEqual(beneficiary.income_per_member, 1300)
        self.assertTrue(beneficiary.member_ids.filtered(lambda m: m.name == "لمى").is_student)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            beneficiary.income_line_ids[0].amount = -5

    def test_iban_is_a_checked_bank_account_of_the_contact(self):
        # The SWIFT registry's Saudi example, typed with spaces, hyphens and Arabic-Indic digits.
        beneficiary = self.create_beneficiary(
            user=self.officer, bank_iban="sa03 8000 ٠٠٠٠ 6080-1016-7519"
        )
        self.assertEqual(beneficiary.bank_iban, "SA0380000000608010167519")
        bank = beneficiary.sudo().bank_account_id
        self.assertEqual(bank.partner_id, beneficiary.partner_id)
        self.assertEqual(bank.acc_type, "iban")
        self.assertEqual(bank.acc_number, "SA03 8000 0000 6080 1016 7519")
        self.assertFalse(bank.allow_out_payment)
        for broken in (
            "SA0380000000608010167510",  # wrong check digits
            "SA038000000060801016751",  # 23 characters
            "GB82WEST12345698765432",  # a valid IBAN, not a Saudi one
            "0380000000608010167519",
        ):
            with (
                self.subTest(iban=broken),
                self.assertRaisesRegex(ValidationError, "not a valid Saudi IBAN"),
            ):
                beneficiary.with_user(self.officer).bank_iban = broken
        self.assertEqual(beneficiary.bank_account_id, bank)
        self.assertEqual(beneficiary.bank_iban, "SA0380000000608010167519")
        # Typing the same number again keeps the same account; clearing it unlinks it.
        beneficiary.with_user(self.officer).bank_iban = "SA03 8000 0000 6080 1016 7519"
        self.assertEqual(beneficiary.bank_account_id, bank)
        beneficiary.with_user(self.officer).bank_iban = False
        self.assertFalse(beneficiary.bank_account_id)
        self.assertEqual(self.env["res.partner.bank"].search_count([("id", "=", bank.id)]), 1)

    def test_invalid_iban_is_refused_in_arabic(self):
        load_arabic(self.env)
        with self.assertRaisesRegex(ValidationError, "ليس آيبانًا سعوديًا صحيحًا"):
            self.Beneficiary.with_user(self.officer).with_context(lang="ar_001").create(
                {
                    "name": "نورة محمد عبدالله العتيبي",
                    "national_id": valid_national_id(),
                    "category_id": self.category_widow.id,
                    "bank_iban": "SA0380000000608010167510",
                }
            )
        self.assertFalse(
            self.env["res.partner.bank"].search([("acc_number", "ilike", "6080 1016 7510")])
        )

    def test_expired_documents_are_flagged(self):
        beneficiary = self.create_beneficiary()
        today = fields.Date.today()
        Document = self.env["beneficiary.document"]
        valid = Document.create(
            {
                "beneficiary_id": beneficiary.id,
                "type_id": self.doc_type_id_card.id,
                "number": beneficiary.national_id,
                "issue_date": today - timedelta(days=400),
                "expiry_date": today + timedelta(days=30),
            }
        )
        expired = Document.create(
            {
                "beneficiary_id": beneficiary.id,
                "type_id": self.env.ref("beneficiary_relations.document_type_lease").id,
                "issue_date": today - timedelta(days=400),
                "expiry_date": today - timedelta(days=1),
            }
        )
        self.assertFalse(valid.is_expired)
        self.assertTrue(expired.is_expired)
        self.assertTrue(valid._is_expired_on(today + timedelta(days=31)))
        self.assertEqual(
            Document.search([("beneficiary_id", "=", beneficiary.id), ("is_expired", "=", True)]),
            expired,
        )
        self.assertEqual(
            Document.search([("beneficiary_id", "=", beneficiary.id), ("is_expired", "=", False)]),
            valid,
        )
        self.assertEqual(beneficiary.document_count, 2)
        self.assertEqual(beneficiary.expired_document_count, 1)
        with self.assertRaisesRegex(ValidationError, "before its issue date"):
            valid.expiry_date = today - timedelta(days=500)
        with self.assertRaisesRegex(ValidationError, "issue date .* cannot be in the future"):
            valid.issue_date = today + timedelta(days=1)

    def test_document_member_must_belong_to_the_file(self):
        first = self.create_beneficiary(member_ids=[(0, 0, {"name": "ريان", "relation": "son"})])
        second = self.create_beneficiary()
        with self.assertRaisesRegex(ValidationError, "is not a family member"):
            self.env["beneficiary.document"].create(
                {
                    "beneficiary_id": second.id,
                    "member_id": first.member_ids.id,
                    "type_id": self.doc_type_id_card.id,
                }
            )

    def test_registration_needs_a_manager_and_consent(self):
        beneficiary = self.create_beneficiary(user=self.officer)
        self.assertEqual(beneficiary.state, "applicant")
        with self.assertRaises(AccessError):
            beneficiary.with_user(self.officer).action_activate()
        with self.assertRaisesRegex(UserError, "no recorded consent"):
            beneficiary.with_user(self.manager).action_activate()
        self.assertEqual(beneficiary.state, "applicant")
        beneficiary.with_user(self.officer).action_record_consent()
        self.assertTrue(beneficiary.consent_date)
        self.assertEqual(beneficiary.consent_version, "1.0")
        beneficiary.with_user(self.manager).action_activate()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking messages are written at commit
        self.assertEqual(beneficiary.state, "active")
        self.assertEqual(beneficiary.registration_date, fields.Date.context_today(beneficiary))
        self.assertIn(
            "state",
            beneficiary.sudo().message_ids.tracking_value_ids.field_id.mapped("name"),
            "the status change is tracked in the chatter",
        )

    def test_suspend_and_close_need_a_reason(self):
        beneficiary = self.create_beneficiary()
        beneficiary.action_record_consent()
        beneficiary.with_user(self.manager).action_activate()
        with self.assertRaisesRegex(UserError, "reason"):
            beneficiary.with_user(self.manager)._do_suspend("  ")
        with self.assertRaises(AccessError):
            beneficiary.with_user(self.officer).action_suspend()
        wizard_action = beneficiary.with_user(self.manager).action_suspend()
        wizard = Form(
            self.env["beneficiary.reason.wizard"]
            .with_user(self.manager)
            .with_context(**wizard_action["context"])
        )
        wizard.reason = "لم تُحدَّث بيانات الدخل"
        wizard.save().action_confirm()
        self.assertEqual(beneficiary.state, "suspended")
        self.assertEqual(beneficiary.suspension_reason, "لم تُحدَّث بيانات الدخل")
        self.assertTrue(beneficiary.suspension_date)
        self.assertIn("لم تُحدَّث بيانات الدخل", beneficiary.message_ids[0].body)
        # Reinstated files clear the suspension.
        beneficiary.with_user(self.manager).action_activate()
        self.assertEqual(beneficiary.state, "active")
        self.assertFalse(beneficiary.suspension_reason)
        beneficiary.with_user(self.manager)._do_close("انتقلت خارج نطاق الخدمة")
        self.assertEqual(beneficiary.state, "closed")
        with self.assertRaisesRegex(UserError, "cannot be registered"):
            beneficiary.with_user(self.manager).action_activate()
        with self.assertRaisesRegex(UserError, "cannot move to this status"):
            beneficiary.with_user(self.manager)._do_suspend("سبب")

    def test_only_applicant_files_can_be_deleted(self):
        applicant = self.create_beneficiary()
        registered = self.create_beneficiary()
        registered.action_record_consent()
        registered.action_activate()
        with self.assertRaisesRegex(UserError, "Only applicant files can be deleted"):
            registered.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            applicant.with_user(self.officer).unlink()
        applicant.with_user(self.manager).unlink()
        self.assertFalse(applicant.exists())

    def test_contact_officer_per_category_and_domain(self):
        Officer = self.env["beneficiary.category.officer"]
        Officer.create(
            {"category_id": self.category_widow.id, "domain": "general", "user_id": self.officer.id}
        )
        Officer.create(
            {
                "category_id": self.category_widow.id,
                "domain": "educational",
                "user_id": self.manager.id,
            }
        )
        Category = self.env["beneficiary.category"]
        self.assertEqual(Category._officer_for(self.category_widow, "educational"), self.manager)
        self.assertEqual(Category._officer_for(self.category_widow, "health"), self.officer)
        self.assertFalse(Category._officer_for(self.category_divorcee, "health"))
        self.assertIn(
            "category_domain_company_unique",
            [constraint[0] for constraint in Officer._sql_constraints],
            "one officer per category, domain and company is enforced by the database",
        )

    def test_search_filters_of_the_registry(self):
        with_consent = self.create_beneficiary(branch_id=False)
        with_consent.action_record_consent()
        without_consent = self.create_beneficiary()
        found = self.Beneficiary.search(
            [("has_consent", "=", False), ("id", "in", (with_consent | without_consent).ids)]
        )
        self.assertEqual(found, without_consent)
        found = self.Beneficiary.search(
            [("has_consent", "=", True), ("id", "in", (with_consent | without_consent).ids)]
        )
        self.assertEqual(found, with_consent)
        # The national-ID search in the registry matches the normalised number exactly.
        self.assertEqual(
            self.Beneficiary.name_search(with_consent.national_id)[0][0], with_consent.id
        )

    def test_demo_data_is_coherent(self):
        demo = self.Beneficiary.search([("reference", "!=", "/")])
        if not self.env.ref("beneficiary_relations.beneficiary_demo_01", raise_if_not_found=False):
            self.skipTest("installed without demo data")
        self.assertGreaterEqual(len(demo), 20)
        self.assertEqual(len(set(demo.mapped("category_id"))), 5)
        self.assertTrue(all(demo.filtered(lambda b: b.state != "applicant").mapped("has_consent")))
