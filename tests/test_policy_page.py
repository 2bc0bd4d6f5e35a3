import base64

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

    def _publish(self, name, version):
        policy = self.env["beneficiary.policy"].create(
            {
                "name": name,
                "version": version,
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
        return policy

    def test_published_policy_is_public(self):
        policy = self._publish("سياسة العلاقة مع المستفيدين - اختبار", "9.9")
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

    def test_policy_pdf_is_served_as_a_download(self):
        content = b"%PDF-1.4\n% policy\n%%EOF\n"
        policy = self._publish("سياسة العلاقة مع المستفيدين - ملف", "9.8")
        self.assertEqual(self.url_open("/beneficiary-relations/policy/pdf").status_code, 404)
        policy.write({"attachment": base64.b64encode(content), "attachment_name": "policy.pdf"})
        modes, spy = cursor_modes()
        with spy:
            response = self.url_open("/beneficiary-relations/policy/pdf")
        self.assertEqual(modes, [True], "served by one read-only transaction")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, content)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertEqual(response.headers["Content-Disposition"], "attachment; filename=policy.pdf")
        policy.public = False
        self.assertEqual(self.url_open("/beneficiary-relations/policy/pdf").status_code, 404)
