from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import RequestCase


@tagged("post_install", "-at_install")
class TestContactOfficerRouting(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "beneficiary_relations.group_beneficiary_officer"
        cls.general_officer = new_test_user(cls.env, "br_co_general", groups=group)
        cls.financial_officer = new_test_user(cls.env, "br_co_financial", groups=group)
        cls.divorcee_officer = new_test_user(cls.env, "br_co_divorcee", groups=group)
        Officer = cls.env["beneficiary.category.officer"]
        Officer.search(
            [("category_id", "in", (cls.category_widow | cls.category_divorcee).ids)]
        ).unlink()
        Officer.create(
            [
                {
                    "category_id": cls.category_widow.id,
                    "domain": "general",
                    "user_id": cls.general_officer.id,
                },
                {
                    "category_id": cls.category_widow.id,
                    "domain": "financial",
                    "user_id": cls.financial_officer.id,
                },
                {
                    "category_id": cls.category_divorcee.id,
                    "domain": "general",
                    "user_id": cls.divorcee_officer.id,
                },
            ]
        )
        cls.aid_type.officer_domain = "financial"
        cls.educational_type = cls.aid_type.copy(
            {"name": "منحة دراسية", "code": "test_edu", "officer_domain": "educational"}
        )

    def test_request_goes_to_domain_officer(self):
        request = self.create_request(user=self.officer)
        self.assertEqual(request.officer_id, self.financial_officer)
        activity = request.activity_ids.filtered(lambda a: a.user_id == self.financial_officer)
        self.assertEqual(len(activity), 1)
        self.assertIn(request.name, activity.summary)

    def test_officer_named_on_the_decision_letter(self):
        request = self.create_request()
        template = self.env.ref("beneficiary_relations.mail_template_request_decision")
        body = template._render_field("body_html", request.ids)[request.id]
        self.assertIn(self.financial_officer.name, body)

    def test_fallback_to_general_officer(self):
        request = self.create_request(type_id=self.educational_type.id)
        self.assertEqual(request.officer_id, self.general_officer)
        self.assertTrue(request.activity_ids.filtered(lambda a: a.user_id == self.general_officer))

    def test_other_category_other_officer(self):
        beneficiary = self.create_beneficiary(
            category_id=self.category_divorcee.id, marital_status="divorced"
        )
        beneficiary.action_record_consent()
        beneficiary.action_activate()
        request = self.create_request(beneficiary=beneficiary)
        self.assertEqual(request.officer_id, self.divorcee_officer)
        self.assertEqual(beneficiary.contact_officer_id, self.divorcee_officer)

    def test_no_officer_no_activity(self):
        self.env["beneficiary.category.officer"].search(
            [("category_id", "=", self.category_widow.id)]
        ).unlink()
        request = self.create_request()
        self.assertFalse(request.officer_id)
        self.assertFalse(request.activity_ids.filtered(lambda a: "for your category" in a.summary))

    def test_beneficiary_point_of_contact(self):
        self.assertEqual(self.beneficiary.contact_officer_id, self.general_officer)

    def test_workload_by_officer(self):
        self.create_request()
        self.create_request()
        self.create_request(type_id=self.educational_type.id)
        workload = dict(
            self.env["beneficiary.request"]
            .with_user(self.manager)
            ._read_group(
                [("state", "not in", ("closed", "cancelled"))], ["officer_id"], ["__count"]
            )
        )
        self.assertEqual(workload[self.financial_officer], 2)
        self.assertEqual(workload[self.general_officer], 1)
        action = self.env.ref("beneficiary_relations.beneficiary_request_action_workload")
        self.assertTrue(action.view_ids)
