from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import RequestCase, load_arabic
from .test_policy import PIXEL, PolicyCase


@tagged("post_install", "-at_install")
class TestRequestFormIntake(RequestCase):
    """The officer's intake as the web client does it: through the form."""

    def _form(self, user=None):
        return Form(self.Request.with_user(user or self.officer))

    def _line_types(self, form):
        types = []
        for index in range(len(form.document_line_ids)):
            with form.document_line_ids.edit(index) as line:
                types.append(line.type_id)
        return types

    def test_checklist_follows_the_type_in_the_form(self):
        self.add_file_documents(self.beneficiary)
        inquiry = self.env.ref("beneficiary_relations.request_type_inquiry")
        form = self._form()
        self.assertEqual(form.name, "New")
        form.beneficiary_id = self.beneficiary
        self.assertEqual(
            form.applicant_national_id,
            self.beneficiary.national_id,
            "the applicant's ID comes from the file",
        )
        form.channel_id = self.channel_hq
        form.type_id = self.aid_type
        self.assertEqual(self._line_types(form), [self.doc_type_id_card, self.doc_type_income])
        # Another type: its own checklist (the inquiry needs no document).
        form.type_id = inquiry
        self.assertEqual(len(form.document_line_ids), 0)
        form.type_id = self.aid_type
        self.assertEqual(len(form.document_line_ids), 2)
        request = form.save()
        self.assertRegex(request.name, r"^REQ/\d{4}/\d{5}$")
        self.assertEqual(
            request.document_line_ids.type_id, self.doc_type_id_card | self.doc_type_income
        )
        # "Use File Documents" now has lines to fill, and the request can be complete.
        request.with_user(self.officer).action_load_file_documents()
        self.assertEqual(
            request.document_line_ids.document_id, self.beneficiary.document_ids, "filled"
        )
        request.with_user(self.officer).action_mark_complete()
        self.assertEqual(request.state, "complete")

    def test_changing_the_type_keeps_what_was_attached(self):
        income_only = self.aid_type.copy(
            {
                "code": "income_only",
                "required_document_type_ids": [(6, 0, self.doc_type_income.ids)],
            }
        )
        form = self._form()
        form.beneficiary_id = self.beneficiary
        form.channel_id = self.channel_hq
        form.type_id = self.aid_type
        with form.document_line_ids.edit(0) as line:
            self.assertEqual(line.type_id, self.doc_type_id_card)
            line.number = "ID-KEPT"
            line.attachment = self.PIXEL
            line.attachment_name = "id.png"
        form.type_id = income_only
        request = form.save()
        self.assertEqual(
            sorted(request.document_line_ids.mapped("type_id.code")),
            sorted([self.doc_type_id_card.code, self.doc_type_income.code]),
            "a line holding a file stays, the missing one is added",
        )

    def test_new_request_shows_new_in_arabic(self):
        self.env["res.lang"]._activate_lang("ar_001")
        form = Form(self.Request.with_user(self.officer).with_context(lang="ar_001"))
        self.assertEqual(form.name, "جديد")

    def test_create_with_an_empty_document_list_gets_the_checklist(self):
        for lines in ([], False):
            with self.subTest(lines=lines):
                request = self.create_request(user=self.officer, document_line_ids=lines)
                self.assertEqual(
                    request.document_line_ids.type_id,
                    self.doc_type_id_card | self.doc_type_income,
                )

    def test_type_changed_by_write_follows_the_checklist(self):
        inquiry_like = self.aid_type.copy(
            {"code": "no_docs", "required_document_type_ids": [(5, 0, 0)]}
        )
        request = self.create_request(type_id=inquiry_like.id)
        self.assertFalse(request.document_line_ids)
        request.with_user(self.officer).type_id = self.aid_type
        self.assertEqual(
            request.document_line_ids.type_id, self.doc_type_id_card | self.doc_type_income
        )

    def test_deadline_is_shown_in_hijri(self):
        load_arabic(self.env)
        # Complete on Sunday 13 July 2025 (18 Muharram 1447), 9:00 in Riyadh: 15 working
        # days (Sunday to Thursday, no holiday) end on Sunday 3 August, 9 Safar 1447.
        with freeze_time("2025-07-13 06:00:00"):
            request = self.complete_request(self.create_request())
        self.assertEqual(request.deadline_date, date(2025, 8, 3))
        self.assertEqual(request.with_context(lang="ar_001").deadline_date_hijri, "09/02/1447 هـ")
        self.assertEqual(request.with_context(lang="en_US").deadline_date_hijri, "09/02/1447 AH")

    def test_file_document_found_by_typing(self):
        documents = self.add_file_documents(self.beneficiary)
        found = self.env["beneficiary.document"].with_user(self.officer).name_search("DOC-")
        self.assertEqual({row[0] for row in found}, set(documents.ids))
        by_type = (
            self.env["beneficiary.document"]
            .with_user(self.officer)
            .name_search(self.doc_type_income.name)
        )
        self.assertIn(documents.filtered(lambda d: d.type_id == self.doc_type_income).id,
                      [row[0] for row in by_type])  # fmt: skip


@tagged("post_install", "-at_install")
class TestReferralAndCommittee(RequestCase):
    def test_referral_offers_only_researchers_and_officers(self):
        request = self.complete_request(self.create_request())
        action = request.with_user(self.officer).action_refer()
        Wizard = self.env["beneficiary.request.refer.wizard"].with_user(self.officer)
        offered = self.env["res.users"].search(Wizard._user_domain())
        self.assertIn(self.researcher, offered)
        self.assertIn(self.officer, offered)
        self.assertNotIn(self.committee_member, offered)
        self.assertNotIn(self.internal_user, offered)
        form = Form(Wizard.with_context(**action["context"]))
        form.user_id = self.committee_member
        with self.assertRaisesRegex(ValidationError, "neither a social researcher"):
            form.save()
        form.user_id = self.researcher
        form.save().action_confirm()
        self.assertEqual(request.researcher_id, self.researcher)

    def test_committee_waits_for_the_planned_field_visit(self):
        request = self.complete_request(self.create_request())
        wizard = (
            self.env["beneficiary.request.refer.wizard"]
            .with_user(self.officer)
            .create({"request_id": request.id, "user_id": self.researcher.id, "plan_visit": True})
        )
        wizard.action_confirm()
        self.sign(request)
        with self.assertRaisesRegex(UserError, "planned field visit"):
            request.with_user(self.officer).action_submit_to_committee()
        self.assertEqual(request.state, "study")
        visit = request.visit_ids.with_user(self.researcher)
        visit.findings = "<p>تمت الزيارة.</p>"
        visit.checklist_ids.write({"is_checked": True})
        visit.action_done()
        request.with_user(self.officer).action_submit_to_committee()
        self.assertEqual(request.state, "committee")

    def test_decision_closes_the_study_activity(self):
        request = self.complete_request(self.create_request())
        request.with_user(self.officer)._do_refer(self.researcher, "دراسة الحالة")
        study = self.env.ref("beneficiary_relations.mail_activity_type_study")
        self.assertTrue(request.activity_ids.filtered(lambda a: a.activity_type_id == study))
        self.sign(request)
        request.with_user(self.officer).action_submit_to_committee()
        meeting = self.meeting()
        meeting.action_hold()
        self.decide(request, meeting=meeting, approved_amount=1000)
        self.assertFalse(
            request.activity_ids.filtered(lambda a: a.activity_type_id == study),
            "the study is over once the committee decided",
        )
        done = self.env["mail.message"].search(
            [("model", "=", request._name), ("res_id", "=", request.id),
             ("mail_activity_type_id", "=", study.id)]
        )  # fmt: skip
        self.assertTrue(done, "the study activity is marked done, not deleted")

    def test_officer_without_email_receives_and_refers(self):
        self.officer.partner_id.email = False
        self.env.company.email = "info@association.example.com"
        self.env["beneficiary.category.officer"].create(
            {"category_id": self.category_widow.id, "domain": "social", "user_id": self.officer.id}
        )
        request = self.create_request(user=self.officer)
        self.assertTrue(request.activity_ids, "the contact officer's to-do")
        self.complete_request(request.with_user(self.officer))
        request.with_user(self.officer)._do_refer(self.researcher, "دراسة")
        self.assertEqual(request.state, "study")
        notified = self.env["mail.message"].search(
            [("model", "=", request._name), ("res_id", "=", request.id),
             ("author_id", "=", self.officer.partner_id.id)], limit=1
        )  # fmt: skip
        self.assertEqual(notified.email_from, self.env.company.email_formatted)

    def test_minutes_approved_by_attendees_without_email(self):
        group = "beneficiary_relations.group_beneficiary_committee"
        no_email = self.env["res.users"]
        for login in ("br_no_mail_1", "br_no_mail_2"):
            user = self.env["res.users"].create(
                {"name": login, "login": login, "groups_id": [(6, 0, self.env.ref(group).ids)]}
            )
            user.partner_id.email = False
            no_email |= user
        self.committee.member_ids = [(4, user.id) for user in no_email]
        self.env.company.email = "info@association.example.com"
        request = self.to_committee(self.create_request())
        meeting = self.meeting(attendees=no_email)
        meeting.with_user(no_email[0]).action_hold()
        self.decide(request, meeting=meeting, approved_amount=1500)
        for user in no_email:
            meeting.with_user(user).action_approve_minutes()
        self.assertEqual(meeting.state, "approved")
        self.assertTrue(request.decision_id.locked)
        self.assertEqual(request.notice_state, "sent")
        notice = request.message_ids.filtered(
            lambda m: m.message_type == "comment" and request.partner_id in m.partner_ids
        )
        self.assertTrue(notice, "the applicant is told by e-mail")
        self.assertEqual(notice.author_id, self.env.company.partner_id)


@tagged("post_install", "-at_install")
class TestRegistryLifecycle(RequestCase):
    def test_kanban_columns_follow_the_file_lifecycle(self):
        groups = self.Beneficiary.with_user(self.officer).read_group(
            [("id", "=", 0)], ["state"], ["state"]
        )
        self.assertEqual(
            [group["state"] for group in groups], ["applicant", "active", "suspended", "closed"]
        )
        arch = self.Beneficiary.with_user(self.officer).get_views([(False, "kanban")])["views"][
            "kanban"
        ]["arch"]
        self.assertIn('quick_create="false"', arch)
        self.assertIn('records_draggable="false"', arch)

    def test_requests_list_keeps_few_columns_by_default(self):
        arch = self.Request.with_user(self.officer).get_views([(False, "list")])["views"]["list"][
            "arch"
        ]
        shown = [
            line
            for line in arch.split("<field ")[1:]
            if 'optional="hide"' not in line
            and 'column_invisible="True"' not in line
            and 'column_invisible="1"' not in line
        ]
        self.assertLessEqual(len(shown), 9, "fits a 1366 px screen")


@tagged("post_install", "-at_install")
class TestSaudiHolidays(RequestCase):
    """Every shipped public holiday, day by day, in Riyadh time."""

    # First and last day of each holiday, as the calendar shows them.
    SPANS = {
        "calendar_leave_founding_day_2025": ("2025-02-22", "2025-02-23"),
        "calendar_leave_eid_al_fitr_2025": ("2025-03-30", "2025-04-02"),
        "calendar_leave_eid_al_adha_2025": ("2025-06-05", "2025-06-10"),
        "calendar_leave_national_day_2025": ("2025-09-23", "2025-09-23"),
        "calendar_leave_founding_day_2026": ("2026-02-22", "2026-02-22"),
        "calendar_leave_eid_al_fitr_2026": ("2026-03-19", "2026-03-24"),
        "calendar_leave_eid_al_adha_2026": ("2026-05-26", "2026-05-31"),
        "calendar_leave_national_day_2026": ("2026-09-23", "2026-09-23"),
        "calendar_leave_founding_day_2027": ("2027-02-22", "2027-02-22"),
        "calendar_leave_eid_al_fitr_2027": ("2027-03-09", "2027-03-14"),
        "calendar_leave_eid_al_adha_2027": ("2027-05-15", "2027-05-19"),
        "calendar_leave_national_day_2027": ("2027-09-23", "2027-09-23"),
    }
    HOLIDAYS = {
        xmlid: [
            (date.fromisoformat(first) + timedelta(days=offset)).isoformat()
            for offset in range((date.fromisoformat(last) - date.fromisoformat(first)).days + 1)
        ]
        for xmlid, (first, last) in SPANS.items()
    }

    def test_every_shipped_holiday_day_by_day(self):
        calendar = self.env.ref("beneficiary_relations.resource_calendar_saudi")
        shipped = self.env["ir.model.data"].search(
            [("module", "=", "beneficiary_relations"), ("model", "=", "resource.calendar.leaves")]
        )
        self.assertEqual(sorted(shipped.mapped("name")), sorted(self.HOLIDAYS))
        self.assertEqual(
            self.env["resource.calendar.leaves"].search_count(
                [("calendar_id", "=", calendar.id), ("resource_id", "=", False)]
            ),
            len(self.HOLIDAYS),
            "one leave per holiday: none left over from a duplicated id",
        )
        self.company.beneficiary_calendar_id = calendar
        first, last = date(2025, 1, 1), date(2027, 12, 31)
        working = set(self.company._beneficiary_working_dates(first, last))
        expected = {date.fromisoformat(day) for days in self.HOLIDAYS.values() for day in days}
        every_day = {first + timedelta(days=n) for n in range((last - first).days + 1)}
        weekend = {day for day in every_day if day.weekday() in (4, 5)}  # Friday, Saturday
        self.assertEqual(every_day - working, weekend | expected)
        for xmlid, days in self.HOLIDAYS.items():
            first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
            with self.subTest(holiday=xmlid):
                around = set(
                    self.company._beneficiary_working_dates(
                        first - timedelta(days=1), last + timedelta(days=1)
                    )
                )
                self.assertFalse({date.fromisoformat(day) for day in days} & around)
                for outside in (first - timedelta(days=1), last + timedelta(days=1)):
                    self.assertEqual(outside in around, outside.weekday() not in (4, 5))

    def test_deadline_across_eid_al_adha_1447(self):
        self.company.beneficiary_calendar_id = self.env.ref(
            "beneficiary_relations.resource_calendar_saudi"
        )
        # Complete on Sunday 2026-05-24: Mon 25 is a working day, then Eid from
        # Tue 26 to Sun 31; 3 working days are Mon 25, Mon 1 and Tue 2 June.
        self.assertEqual(
            self.company._beneficiary_add_working_days(date(2026, 5, 24), 3), date(2026, 6, 2)
        )
        # Eid al-Fitr 1448: complete on Sunday 2027-03-07; Mon 8, then Tue 9 - Sun 14
        # off; 3 working days end on Tuesday 16 March.
        self.assertEqual(
            self.company._beneficiary_add_working_days(date(2027, 3, 7), 3), date(2027, 3, 16)
        )


@tagged("post_install", "-at_install")
class TestDemoRouting(TransactionCase):
    def test_every_demo_category_has_its_contact_officers(self):
        if not self.env.ref("beneficiary_relations.user_officer", raise_if_not_found=False):
            self.skipTest("demo data not installed")
        company = self.env.ref("base.main_company")
        domains = set(self.env["beneficiary.request.type"].search([]).mapped("officer_domain")) | {
            "general"
        }
        for category in self.env["beneficiary.category"].search([]):
            for domain in domains:
                with self.subTest(category=category.name, domain=domain):
                    self.assertTrue(
                        self.env["beneficiary.category"]._officer_for(category, domain, company)
                    )
        demo_requests = self.env["beneficiary.request"].search(
            [("beneficiary_id", "!=", False), ("company_id", "=", company.id)]
        )
        self.assertTrue(demo_requests)
        self.assertFalse(demo_requests.filtered(lambda r: not r.officer_id))


@tagged("post_install", "-at_install")
class TestPolicyToDos(PolicyCase):
    def test_signing_and_superseding_close_the_to_dos(self):
        policy = self.published_policy()
        acks = policy.acknowledgement_ids
        own = acks.filtered(lambda a: a.employee_id == self.employee)
        colleague = acks.filtered(lambda a: a.employee_id == self.colleague)
        self.assertEqual(own.sudo().activity_ids.user_id, self.employee_user)
        self.assertTrue(colleague.sudo().activity_ids)
        own.with_user(self.employee_user)._do_sign(PIXEL)
        self.assertFalse(own.sudo().activity_ids, "read and sign: done once signed")
        policy2 = self.published_policy(version="2.0")
        self.assertFalse(
            colleague.sudo().activity_ids, "the superseded version's to-do is withdrawn"
        )
        new = policy2.acknowledgement_ids.filtered(lambda a: a.employee_id == self.colleague)
        self.assertEqual(new.sudo().activity_ids.user_id, self.colleague_user)
