import json
from unittest.mock import patch

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.beneficiary_relations.controllers.portal import BeneficiaryPortal

from .common import PageAssertions, valid_national_id

MY_HOME = "o_portal_my_home"  # only Odoo's portal home page has it


def cursor_modes():
    """Whether each transaction serving a request was read-only (a write on a
    read-only one is retried by Odoo on a read/write transaction)."""
    modes = []
    serve = http.Request._serve_ir_http

    def spy(req, rule, args):
        modes.append(req.env.cr.readonly)
        return serve(req, rule, args)

    return modes, patch.object(http.Request, "_serve_ir_http", spy)


@tagged("post_install", "-at_install")
class TestBeneficiaryPortal(PageAssertions, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        widow = cls.env.ref("beneficiary_relations.category_widow")
        website = cls.env.ref("beneficiary_relations.channel_website")
        inquiry = cls.env.ref("beneficiary_relations.request_type_inquiry")
        complaint_category = cls.env.ref("beneficiary_relations.complaint_category_service")
        portal_group = cls.env.ref("base.group_portal")
        cls.files = {}
        cls.users = {}
        cls.requests = {}
        cls.complaints = {}
        for key, name in (("a", "نورة محمد العتيبي"), ("b", "سارة فهد الدوسري")):
            beneficiary = cls.env["beneficiary.beneficiary"].create(
                {
                    "name": name,
                    "national_id": valid_national_id(),
                    "category_id": widow.id,
                    "email": f"{key}@example.com",
                    "city": "الرياض",
                }
            )
            cls.files[key] = beneficiary
            cls.users[key] = cls.env["res.users"].create(
                {
                    "name": name,
                    "login": f"portal_{key}",
                    "password": f"portal_{key}_pass",
                    "partner_id": beneficiary.partner_id.id,
                    "groups_id": [(6, 0, portal_group.ids)],
                }
            )
            cls.requests[key] = cls.env["beneficiary.request"].create(
                {
                    "type_id": inquiry.id,
                    "partner_id": beneficiary.partner_id.id,
                    "beneficiary_id": beneficiary.id,
                    "channel_id": website.id,
                    "description": f"REQUEST-OF-{key}",
                }
            )
            cls.complaints[key] = cls.env["beneficiary.complaint"].create(
                {
                    "category_id": complaint_category.id,
                    "subject": f"COMPLAINT-OF-{key}",
                    "description": "تفاصيل",
                    "channel_id": website.id,
                    "beneficiary_id": beneficiary.id,
                }
            )
        survey = cls.env.ref("beneficiary_relations.survey_satisfaction")
        cls.survey_b = survey._create_answer(
            partner=cls.files["b"].partner_id,
            check_attempts=False,
            beneficiary_request_id=cls.requests["b"].id,
        )

    def test_own_pages(self):
        self.authenticate("portal_a", "portal_a_pass")
        listing = self.url_open("/my/beneficiary-requests")
        self.assertIn(self.requests["a"].name, listing.text)
        self.assertNotIn(self.requests["b"].name, listing.text)
        page = self.url_open(f"/my/beneficiary-requests/{self.requests['a'].id}")
        self.assertIn("o_beneficiary_portal_request", page.text)
        complaints = self.url_open("/my/beneficiary-complaints")
        self.assertIn("COMPLAINT-OF-a", complaints.text)
        self.assertNotIn("COMPLAINT-OF-b", complaints.text)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["beneficiary_request_count", "beneficiary_complaint_count"]},
        )
        self.assertEqual(
            counters, {"beneficiary_request_count": 1, "beneficiary_complaint_count": 1}
        )

    def test_no_route_shows_another_beneficiary(self):
        self.authenticate("portal_a", "portal_a_pass")
        own = self.files["a"]
        # Another's record sends the visitor back to their portal home; the other
        # routes show the visitor's own page.
        for url, path, *words in (
            (f"/my/beneficiary-requests/{self.requests['b'].id}", "/my", MY_HOME),
            (f"/my/beneficiary-complaints/{self.complaints['b'].id}", "/my", MY_HOME),
            ("/my/beneficiary-requests/999999999", "/my", MY_HOME),
            ("/my/beneficiary-surveys", "/my/beneficiary-surveys", "Satisfaction surveys"),
            ("/my/beneficiary-file/data.json", "/my/beneficiary-file/data.json", own.national_id),
            (
                "/my/beneficiary-file/update",
                "/my/beneficiary-file/update",
                "o_beneficiary_update_form",
                own.city,
            ),
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertPage(response, path, *words)
                self.assertNotIn("COMPLAINT-OF-b", response.text)
                self.assertNotIn(self.requests["b"].name, response.text)
                self.assertNotIn(self.files["b"].national_id, response.text)
                self.assertNotIn(self.survey_b.access_token, response.text)

    def test_personal_data_download(self):
        self.authenticate("portal_a", "portal_a_pass")
        response = self.url_open("/my/beneficiary-file/data.json")
        data = json.loads(response.content)
        self.assertEqual(data["national_id"], self.files["a"].national_id)
        self.assertEqual([r["name"] for r in data["requests"]], [self.requests["a"].name])

    def test_pending_survey_is_listed_for_its_beneficiary_only(self):
        self.authenticate("portal_b", "portal_b_pass")
        self.assertIn(self.survey_b.access_token, self.url_open("/my/beneficiary-surveys").text)

    def test_data_update_is_reviewed_before_it_reaches_the_file(self):
        self.authenticate("portal_a", "portal_a_pass")
        form = self.url_open("/my/beneficiary-file/update")
        token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(
            "/my/beneficiary-file/update",
            data={"csrf_token": token, "city": "الخرج", "mobile": "0551112233"},
        )
        self.assertIn("o_beneficiary_update_sent", response.text)
        beneficiary = self.files["a"]
        self.assertEqual(beneficiary.city, "الرياض", "nothing changes before the review")
        update = beneficiary.request_ids.filtered(lambda r: r.kind == "data_update")
        self.assertEqual(update.proposed_changes, {"city": "الخرج", "mobile": "+966551112233"})
        self.assertEqual(update.channel_id, self.env.ref("beneficiary_relations.channel_website"))
        update.action_apply_data_update()
        self.assertEqual(beneficiary.city, "الخرج")
        self.assertEqual(beneficiary.mobile, "+966551112233")
        self.assertEqual(update.state, "closed")

    def test_read_only_routes_answer_on_a_read_only_cursor(self):
        self.authenticate("portal_a", "portal_a_pass")
        request_a, complaint_a = self.requests["a"], self.complaints["a"]
        self.assertTrue(request_a.access_token, "portal tokens are given at creation")
        self.assertTrue(complaint_a.access_token)
        survey_a = self.env.ref("beneficiary_relations.survey_satisfaction")._create_answer(
            partner=self.files["a"].partner_id,
            check_attempts=False,
            beneficiary_request_id=request_a.id,
        )
        pages = {
            "/my/beneficiary-requests": request_a.name,
            f"/my/beneficiary-requests/{request_a.id}": "o_beneficiary_portal_request",
            "/my/beneficiary-complaints": "COMPLAINT-OF-a",
            f"/my/beneficiary-complaints/{complaint_a.id}": "o_beneficiary_portal_complaint",
            "/my/beneficiary-surveys": survey_a.access_token,
            "/my/beneficiary-file/data.json": self.files["a"].national_id,
            "/my/beneficiary-file/update": "o_beneficiary_update_form",
            "/my/personal-data": 'name="request_kind"',
            "/beneficiary-relations/apply": "/beneficiary-relations/apply/aid_financial",
            "/beneficiary-relations/apply/aid_financial": 'name="csrf_token"',
            "/beneficiary-relations/complaint": "o_beneficiary_complaint_form",
        }
        for url, word in pages.items():
            modes, spy = cursor_modes()
            with self.subTest(url=url), spy:
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn(word, response.text)
                self.assertEqual(modes, [True], "served by one read-only transaction")

    def test_form_posts_are_not_read_only(self):
        self.authenticate("portal_a", "portal_a_pass")
        form = self.url_open("/my/personal-data")
        token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
        modes, spy = cursor_modes()
        with spy:
            response = self.url_open(
                "/my/personal-data",
                data={"csrf_token": token, "request_kind": "access", "description": "نسخة"},
            )
        self.assertIn("o_beneficiary_data_request_sent", response.text)
        self.assertEqual(modes, [False])

    def test_a_write_in_a_read_only_route_fails(self):
        self.authenticate("portal_a", "portal_a_pass")
        request_a = self.requests["a"]
        hijri_values = BeneficiaryPortal._hijri_values

        def writing(controller):
            http.request.env["beneficiary.request"].sudo().browse(request_a.id).write(
                {"description": "WRITTEN-BY-A-READ"}
            )
            return hijri_values(controller)

        modes, spy = cursor_modes()
        with (
            spy,
            patch.object(BeneficiaryPortal, "_hijri_values", writing),
            self.assertLogs("odoo.http", "WARNING") as logs,
            mute_logger("odoo.sql_db"),
        ):
            self.url_open("/my/beneficiary-requests")
        self.assertIn("read-only transaction", logs.output[0])
        self.assertEqual(modes, [True, False], "refused on the read-only transaction")

    def test_staff_invite_the_beneficiary(self):
        beneficiary = self.env["beneficiary.beneficiary"].create(
            {
                "name": "هيا ناصر الشمري",
                "national_id": valid_national_id(),
                "category_id": self.env.ref("beneficiary_relations.category_widow").id,
                "email": "haya@example.com",
            }
        )
        beneficiary.action_invite_to_portal()
        user = beneficiary.partner_id.user_ids
        self.assertTrue(user.has_group("base.group_portal"))
        self.assertEqual(
            self.env["beneficiary.beneficiary"].with_user(user).search([]), beneficiary
        )


@tagged("post_install", "-at_install")
class TestBeneficiaryTours(HttpCase):
    def test_public_aid_request_tour(self):
        aid = self.env.ref("beneficiary_relations.request_type_aid_financial")
        aid.is_public = True
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.config_parameter"].sudo().set_param(
            "beneficiary_relations.public_form_hourly_limit", 1000
        )
        beneficiary = self.env["beneficiary.beneficiary"].search(
            [("national_id", "=", "1000000008")]
        ) or self.env["beneficiary.beneficiary"].create(
            {
                "name": "نورة محمد عبدالله العتيبي",
                "national_id": "1000000008",
                "category_id": self.env.ref("beneficiary_relations.category_widow").id,
            }
        )
        beneficiary.mobile = "+966500000009"
        before = self.env["beneficiary.request"].search_count(
            [("beneficiary_id", "=", beneficiary.id)]
        )
        self.start_tour(
            "/beneficiary-relations/apply/aid_financial", "beneficiary_public_aid_request"
        )
        self.assertEqual(
            self.env["beneficiary.request"].search_count([("beneficiary_id", "=", beneficiary.id)]),
            before + 1,
        )

    def test_portal_data_update_tour(self):
        beneficiary = self.env["beneficiary.beneficiary"].create(
            {
                "name": "هيا ناصر الشمري",
                "national_id": valid_national_id(),
                "category_id": self.env.ref("beneficiary_relations.category_widow").id,
                "city": "الرياض",
            }
        )
        self.env["res.users"].create(
            {
                "name": beneficiary.name,
                "login": "portal_tour",
                "password": "portal_tour_pass",
                "partner_id": beneficiary.partner_id.id,
                "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        self.env["beneficiary.request"].create(
            {
                "type_id": self.env.ref("beneficiary_relations.request_type_inquiry").id,
                "beneficiary_id": beneficiary.id,
                "partner_id": beneficiary.partner_id.id,
                "channel_id": self.env.ref("beneficiary_relations.channel_phone").id,
            }
        )
        self.start_tour("/my", "beneficiary_portal_data_update", login="portal_tour")
        update = beneficiary.request_ids.filtered(lambda r: r.kind == "data_update")
        self.assertEqual(update.proposed_changes, {"city": "الخرج"})


@tagged("post_install", "-at_install")
class TestPortalDecisionLetter(PageAssertions, HttpCase):
    """The applicant downloads their own final decision letter, and nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = cls.env.ref("base.group_portal")
        committee_users = cls.env["res.users"]
        for login in ("letter_member_1", "letter_member_2"):
            committee_users |= cls.env["res.users"].create(
                {
                    "name": login,
                    "login": login,
                    "email": f"{login}@example.com",
                    "groups_id": [
                        (6, 0, cls.env.ref("beneficiary_relations.group_beneficiary_committee").ids)
                    ],
                }
            )
        committee = cls.env["beneficiary.committee"].create(
            {"name": "لجنة", "member_ids": [(6, 0, committee_users.ids)], "quorum": 2}
        )
        request_type = cls.env["beneficiary.request.type"].create(
            {"name": "مساعدة", "code": "letter_aid", "kind": "aid", "committee_id": committee.id,
             "declaration_required": False}
        )  # fmt: skip
        cls.requests = {}
        for key in ("a", "b"):
            beneficiary = cls.env["beneficiary.beneficiary"].create(
                {
                    "name": f"مستفيدة {key}",
                    "national_id": valid_national_id(),
                    "category_id": cls.env.ref("beneficiary_relations.category_widow").id,
                    "preferred_channel_id": cls.env.ref("beneficiary_relations.channel_phone").id,
                }
            )
            cls.env["res.users"].create(
                {
                    "name": beneficiary.name,
                    "login": f"letter_{key}",
                    "password": f"letter_{key}_pass",
                    "partner_id": beneficiary.partner_id.id,
                    "groups_id": [(6, 0, group.ids)],
                }
            )
            request = cls.env["beneficiary.request"].create(
                {
                    "type_id": request_type.id,
                    "beneficiary_id": beneficiary.id,
                    "applicant_national_id": beneficiary.national_id,
                    "channel_id": cls.env.ref("beneficiary_relations.channel_phone").id,
                    "description": "x",
                }
            )
            request.action_mark_complete()
            request.action_submit_to_committee()
            cls.requests[key] = request
        meeting = cls.env["beneficiary.committee.meeting"].create(
            {"committee_id": committee.id, "attendee_ids": [(6, 0, committee_users.ids)]}
        )
        meeting.action_hold()
        for request in cls.requests.values():
            cls.env["beneficiary.committee.decision"].create(
                {"meeting_id": meeting.id, "request_id": request.id, "outcome": "approve",
                 "approved_amount": 1200}
            )  # fmt: skip
        cls.meeting = meeting
        cls.committee_users = committee_users

    def test_letter_only_once_final_and_only_for_its_applicant(self):
        self.authenticate("letter_a", "letter_a_pass")
        own = self.requests["a"]
        url = f"/my/beneficiary-requests/{own.id}/decision-letter"
        before_minutes = self.url_open(url)
        self.assertPage(before_minutes, "/my", MY_HOME)
        self.assertNotIn(own.decision_id.name, before_minutes.text, "not before the minutes")
        for user in self.committee_users:
            self.meeting.with_user(user).action_approve_minutes()
        letter = self.url_open(url)
        self.assertEqual(letter.status_code, 200)
        self.assertIn(own.decision_id.name, letter.text)
        page = self.url_open(f"/my/beneficiary-requests/{own.id}")
        self.assertIn("o_beneficiary_decision_letter", page.text)
        other = self.requests["b"]
        refused = self.url_open(f"/my/beneficiary-requests/{other.id}/decision-letter")
        self.assertPage(refused, "/my", MY_HOME)
        self.assertNotIn(other.decision_id.name, refused.text)
