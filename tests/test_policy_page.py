from odoo.tests import HttpCase, tagged

from .test_policy import PIXEL
from .test_portal import cursor_modes


@tagged("post_install", "-at_install")
class TestPolicyPublicPage(HttpCase):
    def setUp(self):
        super().setUp()
        self.env["beneficiary.policy"].search([("state", "=", "published")]).write(
            {"state": "superseded"}
        )

    def test_no_published_policy_is_404(self):
        response = self.url_open("/beneficiary-relations/policy")
        self.assertEqual(response.status_code, 404)

    def test_published_policy_is_public(self):
        policy = self.env["beneficiary.policy"].create(
            {
                "name": "سياسة العلاقة مع المستفيدين - اختبار",
                "version": "9.9",
                "body": "<p>نلتزم بالرد خلال خمسة عشر يوم عمل.</p>",
                "board_meeting_number": "7",
                "board_decision_number": "7/1/1446",
                "approval_date": "2022-12-26",
                "chair_name": "رئيس المجلس",
                "chair_signature": PIXEL,
                "public": True,
            }
        )
        policy.action_approve()
        policy.action_publish()
        modes, spy = cursor_modes()
        with spy:
            response = self.url_open("/beneficiary-relations/policy")
        self.assertEqual(modes, [True], "served by one read-only transaction")
        self.assertEqual(response.status_code, 200)
        self.assertIn(policy.name, response.text)
        self.assertIn("خمسة عشر يوم عمل", response.text)
        self.assertIn("02/06/1444", response.text)
        policy.public = False
        self.assertEqual(self.url_open("/beneficiary-relations/policy").status_code, 404)
