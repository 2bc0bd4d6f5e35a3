from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BeneficiaryCase, load_arabic


@tagged("post_install", "-at_install")
class TestSaudiMobile(BeneficiaryCase):
    """Saudi mobiles are stored in E.164, whatever way they were written."""

    def test_written_forms_of_one_mobile(self):
        normalize = self.env["beneficiary.public.form"]._normalize_mobile
        for written in (
            "0551234567",
            "551234567",
            "966551234567",
            "+966551234567",
            "+966 55 123 4567",
            "055-123-4567",
            "٠٥٥١٢٣٤٥٦٧",
            "+٩٦٦٥٥١٢٣٤٥٦٧",
        ):
            with self.subTest(written=written):
                self.assertEqual(normalize(written), "+966551234567")

    def test_what_is_not_a_saudi_mobile(self):
        normalize = self.env["beneficiary.public.form"]._normalize_mobile
        for written in (
            "0114567890",  # a Riyadh landline
            "05512345",  # too short
            "05512345678",  # too long
            "+971501234567",  # the Emirates
            "جوال",
            "",
            False,
        ):
            with self.subTest(written=written):
                self.assertFalse(normalize(written))

    def test_a_bad_mobile_in_a_change_request_is_refused_in_arabic(self):
        load_arabic(self.env)
        beneficiary = self.create_beneficiary(mobile="+966500000009")
        arabic = beneficiary.with_context(lang="ar_001")
        with self.assertRaisesRegex(UserError, "اكتب رقم جوال سعوديًا"):
            arabic._request_data_update({"mobile": "0114567890"})
        self.assertEqual(beneficiary.mobile, "+966500000009")
        self.assertFalse(
            self.env["beneficiary.request"].search([("beneficiary_id", "=", beneficiary.id)])
        )
