import re
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from hijridate import Gregorian

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import PageAssertions, load_arabic, valid_national_id
from .test_public_forms import PublicFormCase

PDF = b"%PDF-1.4\n%test\n"


@tagged("post_install", "-at_install")
class TestPortalFollowUp(PageAssertions, HttpCase):
    """The beneficiary follows requests and complaints on /my as on Odoo's own portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_arabic(cls.env)
        cls.env.company.email = "info@association.example.com"
        cls.env["beneficiary.category.officer"].search([]).unlink()
        widow = cls.env.ref("beneficiary_relations.category_widow")
        cls.officer = cls.env["res.users"].create(
            {
                "name": "أمل الراشد",
                "login": "follow_officer",
                "email": "officer@association.example.com",
                "groups_id": [
                    (6, 0, cls.env.ref("beneficiary_relations.group_beneficiary_officer").ids)
                ],
            }
        )
        cls.env["beneficiary.category.officer"].create(
            {"category_id": widow.id, "domain": "general", "user_id": cls.officer.id}
        )
        cls.id_card = cls.env.ref("beneficiary_relations.document_type_national_id")
        cls.request_type = cls.env["beneficiary.request.type"].create(
            {
                "name": "مساعدة عينية",
                "code": "follow_aid",
                "kind": "aid",
                "officer_domain": "general",
                "required_document_type_ids": [(6, 0, cls.id_card.ids)],
            }
        )
        channel = cls.env.ref("beneficiary_relations.channel_website")
        cls.files, cls.requests = {}, {}
        for key in ("a", "b"):
            beneficiary = cls.env["beneficiary.beneficiary"].create(
                {
                    "name": f"مستفيدة {key}",
                    "national_id": valid_national_id(),
                    "category_id": widow.id,
                    "email": f"follow_{key}@example.com",
                }
            )
            cls.files[key] = beneficiary
            cls.env["res.users"].create(
                {
                    "name": beneficiary.name,
                    "login": f"follow_{key}",
                    "password": f"follow_{key}_pass",
                    "partner_id": beneficiary.partner_id.id,
                    "lang": "ar_001",
                    "groups_id": [(6, 0, cls.env.ref("base.group_portal").ids)],
                }
            )
            cls.requests[key] = cls.env["beneficiary.request"].create(
                [
                    {
                        "type_id": cls.request_type.id,
                        "beneficiary_id": beneficiary.id,
                        "channel_id": channel.id,
                        "description": f"REQUEST-{key}-{index}",
                        # Sunday 13 July 2025 (18 Muharram 1447), 9:00 in Riyadh
                        "received_date": "2025-07-13 06:00:00",
                    }
                    for index in range(3)
                ]
            )
        cls.complaint = cls.env["beneficiary.complaint"].create(
            {
                "category_id": cls.env.ref("beneficiary_relations.complaint_category_service").id,
                "subject": "COMPLAINT-A",
                "description": "تفاصيل",
                "channel_id": channel.id,
                "beneficiary_id": cls.files["a"].id,
                # Sunday 13 July 2025: 10 working days to resolve it, until Sunday 27
                # July (2 Safar 1447).
                "received_date": "2025-07-13 06:00:00",
            }
        )

    def test_list_is_paged_and_sorted(self):
        self.authenticate("follow_a", "follow_a_pass")
        mine = self.requests["a"]
        with patch.object(CustomerPortal, "_items_per_page", 2):
            first = self.url_open("/my/beneficiary-requests?sortby=name")
            second = self.url_open("/my/beneficiary-requests/page/2?sortby=name")
        by_name = mine.sorted("name", reverse=True)
        self.assertEqual(re.findall(r"REQ/\d{4}/\d{5}", first.text)[:2], by_name[:2].mapped("name"))
        self.assertIn(by_name[2].name, second.text)
        self.assertNotIn(by_name[2].name, first.text.split("o_portal_pager")[0])
        self.assertIn("/my/beneficiary-requests/page/2", first.text, "a pager")
        for other in self.requests["b"]:
            self.assertNotIn(other.name, first.text + second.text)
        # Each date is Gregorian and Hijri.
        self.assertIn("18/01/1447 هـ", first.text + second.text)
        self.assertIn("o_rtl", first.text, "Arabic, right to left")

    def test_request_page_breadcrumbs_timeline_officer_and_hijri(self):
        self.authenticate("follow_a", "follow_a_pass")
        request = self.requests["a"][0]
        request.action_load_file_documents()
        request.document_line_ids.attachment = b"JVBERi0xLjQK"
        request.applicant_national_id = request.beneficiary_id.national_id
        # Complete on Sunday 13 July 2025: 15 working days, until Sunday 3 August
        # (9 Safar 1447).
        with freeze_time("2025-07-13 06:00:00"):
            request.action_mark_complete()
        page = self.url_open(request.access_url).text
        self.assertIn('href="/my/beneficiary-requests"', page, "breadcrumb to the list")
        self.assertIn("o_beneficiary_step_done", page)
        self.assertIn("o_beneficiary_step_current", page)
        self.assertIn(self.officer.name, page)
        self.assertIn("09/02/1447 هـ", page)
        self.assertIn('class="d-print-none o_portal_chatter', page, "Odoo's portal chatter")
        self.assertIn(f'data-token="{request.access_token}"', page)

    def test_access_token_link_and_refusals(self):
        request = self.requests["a"][0]
        token = request._portal_ensure_token()
        # Logged out, the token opens the page (the link of notification mails).
        page = self.url_open(f"{request.access_url}?access_token={token}")
        self.assertPage(page, request.access_url, request.name, "o_beneficiary_portal_request")
        # A wrong token sends the visitor to the portal, which asks to log in.
        refused = self.url_open(f"{request.access_url}?access_token=wrong")
        self.assertPage(refused, "/web/login", 'name="login"')
        self.assertNotIn(request.name, refused.text)
        # Another beneficiary is sent back to their own portal home.
        self.authenticate("follow_b", "follow_b_pass")
        other_page = self.url_open(request.access_url)
        self.assertPage(other_page, "/my", "o_portal_my_home")
        self.assertNotIn(request.name, other_page.text)
        complaint_page = self.url_open(self.complaint.access_url)
        self.assertPage(complaint_page, "/my", "o_portal_my_home")
        self.assertNotIn("COMPLAINT-A", complaint_page.text)

    def test_notification_mail_links_to_the_portal(self):
        request = self.requests["a"][0]
        groups = request._notify_get_recipients_groups(self.env["mail.message"], "Request")
        customer = next(group for group in groups if group[0] == "portal_customer")
        self.assertTrue(customer[2]["has_button_access"])
        self.assertIn(f"res_id={request.id}", customer[2]["button_access"]["url"])
        self.assertEqual(request.access_url, f"/my/beneficiary-requests/{request.id}")
        self.assertEqual(
            self.complaint.access_url, f"/my/beneficiary-complaints/{self.complaint.id}"
        )

    def test_beneficiary_answers_the_conversation_with_a_file(self):
        request = self.requests["a"][0]
        request.with_user(self.officer).message_post(
            body="نرجو إرفاق صورة الهوية",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=request.partner_id.ids,
        )
        self.authenticate("follow_a", "follow_a_pass")
        token = request._portal_ensure_token()
        csrf = re.search(r'csrf_token: "([^"]+)"', self.url_open(request.access_url).text)
        upload = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": csrf.group(1) if csrf else "",
                "thread_id": request.id,
                "thread_model": request._name,
                "token": token,
                "is_pending": "true",
            },
            files={"ufile": ("identity.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(upload.status_code, 200, upload.text[:300])
        attachment = upload.json()["data"]["ir.attachment"][0]
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": request._name,
                "thread_id": request.id,
                "post_data": {
                    "body": "أرفقت صورة الهوية",
                    "message_type": "comment",
                    "attachment_ids": [attachment["id"]],
                },
                "attachment_tokens": [attachment["access_token"]],
                "token": token,
            },
        )
        reply = request.message_ids.filtered(lambda m: "أرفقت صورة الهوية" in (m.body or ""))
        self.assertEqual(reply.author_id, request.partner_id)
        self.assertEqual(reply.attachment_ids.name, "identity.pdf")
        fetched = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": request._name, "thread_id": request.id, "token": token},
        )
        bodies = " ".join(m["body"] for m in fetched["data"]["mail.message"])
        self.assertIn("نرجو إرفاق صورة الهوية", bodies, "the officer's message is shown")
        # Another beneficiary cannot post on it.
        self.authenticate("follow_b", "follow_b_pass")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": request._name,
                    "thread_id": request.id,
                    "post_data": {"body": "INTRUDER", "message_type": "comment"},
                },
            )
        self.assertFalse(request.message_ids.filtered(lambda m: "INTRUDER" in (m.body or "")))

    def _upload(self, request, line, filename="identity.pdf", content=PDF, **data):
        page = self.url_open(request.access_url).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.url_open(
            f"{request.access_url}/documents/{line.id}",
            data={"csrf_token": csrf, **data},
            files={"attachment": (filename, content, "application/pdf")},
        )

    def test_beneficiary_uploads_a_missing_document(self):
        self.authenticate("follow_a", "follow_a_pass")
        request = self.requests["a"][0]
        line = request.document_line_ids
        self.assertEqual(line.status, "missing")
        page = self.url_open(request.access_url).text
        self.assertIn(f"/documents/{line.id}", page, "the missing document can be sent")
        refused = self._upload(request, line, filename="identity.exe")
        self.assertIn("o_beneficiary_upload_error", refused.text)
        self.assertFalse(line.attachment, "nothing saved on a refused file")
        done = self._upload(request, line, expiry_date="2031-01-01")
        self.assertIn("o_beneficiary_upload_done", done.text)
        self.assertEqual(line.status, "valid")
        self.assertEqual(line.attachment_name, "identity.pdf")
        self.assertEqual(str(line.expiry_date), "2031-01-01")
        self.assertIn(self.officer, request.activity_ids.user_id, "the officer checks it")
        # Another beneficiary's checklist cannot be filled.
        other = self.requests["b"][0]
        self.url_open(
            f"{other.access_url}/documents/{other.document_line_ids.id}",
            data={"csrf_token": "x"},
            files={"attachment": ("identity.pdf", PDF, "application/pdf")},
        )
        self.assertFalse(other.document_line_ids.attachment)
        # Once complete, the checklist is closed to the portal.
        request.applicant_national_id = request.beneficiary_id.national_id
        request.action_mark_complete()
        completed = self.url_open(request.access_url)
        self.assertPage(completed, request.access_url, request.name, "o_beneficiary_portal_request")
        self.assertNotIn(f"/documents/{line.id}", completed.text)

    def test_complaint_page_timeline_and_chatter(self):
        self.authenticate("follow_a", "follow_a_pass")
        listing = self.url_open("/my/beneficiary-complaints").text
        self.assertIn(self.complaint.access_url, listing)
        page = self.url_open(self.complaint.access_url).text
        self.assertIn("o_beneficiary_step_current", page)
        self.assertIn("o_portal_chatter", page)
        self.assertEqual(self.complaint.deadline_date, date(2025, 7, 27))
        self.assertIn("02/02/1447 هـ", page)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["beneficiary_request_count", "beneficiary_complaint_count"]},
        )
        self.assertEqual(
            counters, {"beneficiary_request_count": 3, "beneficiary_complaint_count": 1}
        )


@tagged("post_install", "-at_install")
class TestComplaintConfirmationHijri(PublicFormCase):
    def test_confirmation_page_gives_the_hijri_deadline(self):
        category = self.env.ref("beneficiary_relations.complaint_category_service")
        response = self._post(
            "/beneficiary-relations/complaint",
            {
                "category_id": str(category.id),
                "subject": "تأخر الرد",
                "description": "لم يصلني رد.",
                "name": "خالد سعد القحطاني",
                "mobile": "0551234567",
            },
        )
        complaint = self.Complaint.search([], order="id desc", limit=1)
        self.assertIn(complaint.name, response.text)
        # Received now: the expected text is built with hijridate itself, not with
        # the module's formatting.
        hijri = Gregorian.fromdate(complaint.deadline_date).to_hijri()
        self.assertIn(f"{hijri.day:02d}/{hijri.month:02d}/{hijri.year} هـ", response.text)


@tagged("post_install", "-at_install")
class TestBackendRequestPathTour(HttpCase):
    """The whole request path through the backend, as each role uses it."""

    def test_request_path_through_the_backend(self):
        load_arabic(self.env)
        group = "beneficiary_relations.group_beneficiary_"
        users = {}
        for key, name, role in (
            ("officer", "موظفة الجولة", "officer"),
            ("researcher", "باحثة الجولة", "researcher"),
            ("committee", "عضو لجنة الجولة", "committee"),
        ):
            users[key] = self.env["res.users"].create(
                {
                    "name": name,
                    "login": f"tour_{key}",
                    "password": f"tour_{key}_pass",
                    "groups_id": [(6, 0, self.env.ref(group + role).ids)],
                    "lang": "ar_001",
                }
            )
        # The officer has no e-mail address: no step may depend on one.
        users["officer"].partner_id.email = False
        self.env.company.email = "info@association.example.com"
        committee = self.env["beneficiary.committee"].create(
            {"name": "لجنة الجولة", "member_ids": [(6, 0, users["committee"].ids)], "quorum": 1}
        )
        id_card = self.env.ref("beneficiary_relations.document_type_national_id")
        self.env["beneficiary.request.type"].create(
            {
                "name": "مساعدة مالية للجولة",
                "code": "tour_aid",
                "kind": "aid",
                "committee_id": committee.id,
                "required_document_type_ids": [(6, 0, id_card.ids)],
            }
        )
        beneficiary = self.env["beneficiary.beneficiary"].search(
            [("national_id", "=", "1000000008")]
        )
        beneficiary = beneficiary or self.env["beneficiary.beneficiary"].create(
            {"national_id": "1000000008", "name": "x", "category_id": self.ref(
                "beneficiary_relations.category_widow")}
        )  # fmt: skip
        beneficiary.write(
            {
                "name": "سلمى عبدالعزيز المطيري",
                "email": "salma@example.com",
                "preferred_channel_id": self.ref("beneficiary_relations.channel_email"),
            }
        )
        if not beneficiary.has_consent:
            beneficiary.action_record_consent()
        if beneficiary.state == "applicant":
            beneficiary.action_activate()
        self.env["beneficiary.document"].create(
            {
                "beneficiary_id": beneficiary.id,
                "type_id": id_card.id,
                "number": "ID-TOUR",
                "issue_date": "2022-01-01",
                "expiry_date": "2032-01-01",
            }
        )
        action = "beneficiary_relations.beneficiary_request_action"
        self.start_tour(
            f"/odoo/action-{action}/new", "beneficiary_backend_intake", login="tour_officer"
        )
        request = self.env["beneficiary.request"].search(
            [("beneficiary_id", "=", beneficiary.id), ("type_id.code", "=", "tour_aid")]
        )
        self.assertEqual(request.state, "study")
        self.assertEqual(request.received_by_id, users["officer"])
        self.assertEqual(request.researcher_id, users["researcher"])
        self.assertTrue(request.declaration_valid)
        self.start_tour(
            f"/odoo/action-{action}/{request.id}",
            "beneficiary_backend_study",
            login="tour_researcher",
        )
        self.assertEqual(request.state, "committee")
        meeting = self.env["beneficiary.committee.meeting"].create(
            {"committee_id": committee.id, "attendee_ids": [(6, 0, users["committee"].ids)]}
        )
        self.start_tour(
            f"/odoo/action-beneficiary_relations.beneficiary_committee_meeting_action/{meeting.id}",
            "beneficiary_backend_committee",
            login="tour_committee",
        )
        self.assertEqual(meeting.state, "approved")
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approved_amount, 1500)
        self.assertEqual(request.notice_state, "sent")
        study = self.env.ref("beneficiary_relations.mail_activity_type_study")
        self.assertFalse(request.activity_ids.filtered(lambda a: a.activity_type_id == study))
