from datetime import date, datetime

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import RequestCase


@tagged("post_install", "-at_install")
class TestRequestIntake(RequestCase):
    def test_numbered_with_a_checklist_of_required_documents(self):
        request = self.create_request(user=self.officer)
        self.assertRegex(request.name, r"^REQ/\d{4}/\d{5}$")
        self.assertEqual(request.partner_id, self.beneficiary.partner_id)
        self.assertEqual(request.received_by_id, self.officer)
        self.assertEqual(request.category_id, self.beneficiary.category_id)
        self.assertEqual(
            request.document_line_ids.type_id, self.doc_type_id_card | self.doc_type_income
        )
        self.assertEqual(
            request.answer_channel_id, self.channel_email, "the beneficiary's preferred channel"
        )

    def test_completeness_lists_exactly_what_is_missing(self):
        request = self.create_request(user=self.officer)
        missing = request.missing_items
        self.assertIn(self.doc_type_id_card.name, missing)
        self.assertIn(self.doc_type_income.name, missing)
        with self.assertRaisesRegex(UserError, "is not complete"):
            request.with_user(self.officer).action_mark_complete()
        self.assertEqual(request.state, "received")
        self.assertFalse(request.complete_date)
        # The ID card is attached directly; the income proof is still missing.
        id_line = request.document_line_ids.filtered(
            lambda line: line.type_id == self.doc_type_id_card
        )
        id_line.write(
            {"attachment": "aGVsbG8=", "attachment_name": "id.pdf", "expiry_date": "2030-01-01"}
        )
        self.assertNotIn(self.doc_type_id_card.name, request.missing_items)
        self.assertIn(self.doc_type_income.name, request.missing_items)

    def test_expired_document_blocks_completeness(self):
        request = self.create_request(received_date=datetime(2026, 5, 10, 8, 0))
        self.add_file_documents(self.beneficiary, expiry="2026-05-09")
        request.action_load_file_documents()
        self.assertEqual(set(request.document_line_ids.mapped("status")), {"expired"})
        with self.assertRaisesRegex(
            UserError, "has expired: it must be valid on the submission date"
        ):
            request.action_mark_complete()
        # Valid on the submission date is what counts, not today.
        late = self.create_request(received_date=datetime(2026, 5, 8, 8, 0))
        late.action_load_file_documents()
        late.action_mark_complete()
        self.assertEqual(late.state, "complete")

    def test_applicant_data_must_match_the_file(self):
        request = self.create_request(applicant_national_id="1000000008")
        self.add_file_documents(self.beneficiary)
        request.action_load_file_documents()
        with self.assertRaisesRegex(UserError, "does not match the beneficiary file"):
            request.action_mark_complete()
        request.applicant_national_id = "".join(
            "٠١٢٣٤٥٦٧٨٩"[int(digit)] for digit in self.beneficiary.national_id
        )
        self.assertEqual(request.applicant_national_id, self.beneficiary.national_id)
        request.action_mark_complete()
        self.assertEqual(request.state, "complete")
        self.assertTrue(request.complete_date)
        self.assertTrue(request.deadline_date)

    def test_file_required_and_applicant_is_the_file_partner(self):
        with self.assertRaisesRegex(ValidationError, "needs a beneficiary file"):
            self.create_request(
                beneficiary=self.beneficiary,
                beneficiary_id=False,
                partner_id=self.officer.partner_id.id,
            )
        with self.assertRaisesRegex(ValidationError, "must be the beneficiary"):
            self.create_request(partner_id=self.officer.partner_id.id)
        volunteer = self.env["res.partner"].create({"name": "متطوع"})
        request = self.Request.create(
            {
                "type_id": self.env.ref("beneficiary_relations.request_type_volunteering").id,
                "partner_id": volunteer.id,
                "channel_id": self.env.ref("beneficiary_relations.channel_website").id,
            }
        )
        self.assertFalse(request.beneficiary_id)

    def test_suspended_file_cannot_be_complete(self):
        request = self.create_request()
        self.add_file_documents(self.beneficiary)
        request.action_load_file_documents()
        self.beneficiary._do_suspend("لم تحدّث بياناتها")
        self.assertIn("suspended or closed", request.missing_items)


@tagged("post_install", "-at_install")
class TestDeclaration(RequestCase):
    def test_committee_needs_a_signed_declaration(self):
        request = self.complete_request(self.create_request())
        with self.assertRaisesRegex(UserError, "signed declaration"):
            request.action_submit_to_committee()
        self.assertEqual(request.state, "complete")
        with self.assertRaisesRegex(UserError, "signer's name and signature"):
            request._sign_declaration("  ", False)
        self.sign(request)
        self.assertTrue(request.declaration_valid)
        self.assertTrue(request.declaration_date)
        self.assertEqual(len(request.declaration_hash), 64)
        request.action_submit_to_committee()
        self.assertEqual(request.state, "committee")

    def test_any_change_of_the_declared_data_invalidates_it(self):
        request = self.sign(self.complete_request(self.create_request()))
        self.assertTrue(request.declaration_valid)
        request.requested_amount = 5000
        self.assertFalse(request.declaration_valid)
        with self.assertRaisesRegex(UserError, "changed after it was signed"):
            request.action_submit_to_committee()
        self.sign(request)
        self.assertTrue(request.declaration_valid)
        # Replacing a document file also invalidates it.
        request.document_line_ids[0].write(
            {"document_id": False, "attachment": "b3RoZXI=", "attachment_name": "x.pdf"}
        )
        self.assertFalse(request.declaration_valid)

    def test_wizard_requires_acceptance(self):
        request = self.complete_request(self.create_request())
        wizard = self.env["beneficiary.request.declaration.wizard"].create(
            {"request_id": request.id, "signer": "نورة", "signature": self.PIXEL}
        )
        with self.assertRaisesRegex(UserError, "must accept"):
            wizard.action_confirm()
        wizard.accepted = True
        wizard.action_confirm()
        self.assertTrue(request.declaration_valid)
        self.assertIn("signed the declaration", request.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestDeadline(RequestCase):
    def test_deadline_across_a_weekend_and_eid(self):
        # Completed on Thursday 12 March 2026: Friday and Saturday are the weekend and
        # Eid al-Fitr (19-24 March) is a holiday of the shipped Saudi calendar.
        with freeze_time("2026-03-12 07:00:00"):
            request = self.complete_request(self.create_request())
        self.assertEqual(request.deadline_date, date(2026, 4, 8))
        short = self.env["beneficiary.request.type"].create(
            {
                "name": "سريع",
                "code": "t_short",
                "kind": "aid",
                "sla_days": 1,
                "committee_id": self.committee.id,
            }
        )
        with freeze_time("2026-11-05 07:00:00"):  # a Thursday
            quick = self.create_request(type_id=short.id)
            quick.action_mark_complete()
        self.assertEqual(
            quick.deadline_date, date(2026, 11, 8), "Thursday + 1 working day is Sunday"
        )

    def test_company_calendar_holidays_are_used(self):
        calendar = self.env.company._beneficiary_calendar()
        self.env["resource.calendar.leaves"].create(
            {
                "name": "إجازة طارئة",
                "calendar_id": calendar.id,
                "date_from": "2026-11-07 21:00:00",  # Sunday 8 November in Riyadh
                "date_to": "2026-11-08 20:59:59",
            }
        )
        self.assertEqual(
            self.env.company._beneficiary_add_working_days(date(2026, 11, 5), 1), date(2026, 11, 9)
        )

    def test_sla_status_on_track_at_risk_overdue(self):
        with freeze_time("2026-11-01 07:00:00"):  # Sunday
            request = self.complete_request(self.create_request())
        self.assertEqual(request.deadline_date, date(2026, 11, 22))
        with freeze_time("2026-11-02 09:00:00"):
            request.invalidate_recordset(["sla_status", "days_remaining"])
            self.assertEqual(request.sla_status, "on_track")
            self.assertEqual(request.days_remaining, 14)
        with freeze_time("2026-11-18 09:00:00"):
            request.invalidate_recordset(["sla_status", "days_remaining"])
            self.assertEqual(request.sla_status, "at_risk")
            self.assertIn(request, self.Request.search([("is_at_risk", "=", True)]))
            self.assertNotIn(request, self.Request.search([("is_overdue", "=", True)]))
        with freeze_time("2026-11-23 09:00:00"):
            request.invalidate_recordset(["sla_status", "days_remaining", "is_overdue"])
            self.assertEqual(request.sla_status, "overdue")
            self.assertTrue(request.is_overdue)
            self.assertIn(request, self.Request.search([("is_overdue", "=", True)]))
            self.assertNotIn(request, self.Request.search([("is_overdue", "=", False)]))

    def test_overdue_escalation_happens_once(self):
        with freeze_time("2026-11-01 07:00:00"):
            request = self.complete_request(self.create_request())
            on_time = self.complete_request(self.create_request())
        escalation = self.env.ref("beneficiary_relations.mail_activity_type_escalation")
        self.env.company.beneficiary_escalation_user_id = self.manager
        with freeze_time("2026-11-23 09:00:00"):
            on_time.write({"answer_date": fields.Datetime.now()})
            self.Request._cron_escalate_overdue()
            self.Request._cron_escalate_overdue()  # a second run (or an overlapping one)
        activities = request.activity_ids.filtered(
            lambda activity: activity.activity_type_id == escalation
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.manager)
        self.assertTrue(request.escalated_date)
        notes = request.message_ids.filtered(
            lambda message: "Escalated to top management" in (message.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertFalse(on_time.escalated_date, "answered requests are not escalated")


@tagged("post_install", "-at_install")
class TestCommittee(RequestCase):
    def test_quorum_rule(self):
        request = self.to_committee(self.create_request())
        meeting = self.meeting(attendees=self.committee_member)
        self.assertFalse(meeting.has_quorum)
        with self.assertRaisesRegex(UserError, "needs a quorum of 2"):
            self.decide(request, meeting=meeting)
        with self.assertRaisesRegex(UserError, "needs a quorum"):
            meeting.action_hold()
        self.assertEqual(request.state, "committee")
        with self.assertRaisesRegex(ValidationError, "not members"):
            meeting.attendee_ids = [(4, self.outsider_member.id)]
        meeting.attendee_ids = [(4, self.member_2.id)]
        self.assertTrue(meeting.has_quorum)
        self.decide(request, meeting=meeting)
        self.assertEqual(request.state, "approved")

    def test_agenda_is_built_from_requests_in_committee(self):
        waiting = self.to_committee(self.create_request())
        elsewhere = self.create_request()
        meeting = self.meeting()
        meeting.action_build_agenda()
        self.assertIn(waiting, meeting.agenda_request_ids)
        self.assertNotIn(elsewhere, meeting.agenda_request_ids)

    def test_reject_needs_reasons(self):
        request = self.to_committee(self.create_request())
        with self.assertRaisesRegex(ValidationError, "Give the reasons"):
            self.decide(request, outcome="reject", reasons="")
        self.decide(request, outcome="reject")
        self.assertEqual(request.state, "rejected")

    def test_only_requests_waiting_for_this_committee(self):
        request = self.complete_request(self.create_request())
        with self.assertRaisesRegex(UserError, "is not waiting for a decision"):
            self.decide(request)

    def test_decisions_become_immutable_with_approved_minutes(self):
        request = self.to_committee(self.create_request())
        meeting = self.meeting()
        meeting.action_hold()
        decision = self.decide(request, meeting=meeting, approved_amount=2500)
        decision.approved_amount = 2000  # still correctable
        with self.assertRaisesRegex(UserError, "Only members who attended"):
            meeting.with_user(self.manager).action_approve_minutes()
        meeting.with_user(self.committee_member).action_approve_minutes()
        self.assertEqual(meeting.state, "held", "every attendee must approve")
        with self.assertRaisesRegex(UserError, "already approved"):
            meeting.with_user(self.committee_member).action_approve_minutes()
        meeting.with_user(self.member_2).action_approve_minutes()
        self.assertEqual(meeting.state, "approved")
        self.assertTrue(decision.locked)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            decision.approved_amount = 9999
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            decision.unlink()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            meeting.minutes = "<p>تعديل</p>"
        self.assertEqual(decision.approved_amount, 2000)
        self.assertEqual(request.approved_amount, 2000)

    def test_correcting_a_decision_before_approval(self):
        request = self.to_committee(self.create_request())
        meeting = self.meeting()
        decision = self.decide(request, meeting=meeting)
        self.assertEqual(request.state, "approved")
        with self.assertRaisesRegex(UserError, "cannot be changed; delete it"):
            decision.outcome = "reject"
        decision.unlink()
        self.assertEqual(request.state, "committee")
        self.decide(request, outcome="reject", meeting=meeting)
        self.assertEqual(request.state, "rejected")

    def test_more_information_sends_the_request_back(self):
        request = self.to_committee(self.create_request(user=self.officer))
        self.decide(request, outcome="more_info")
        self.assertEqual(request.state, "received")
        activity = request.activity_ids.filtered(lambda a: a.user_id == self.officer)
        self.assertEqual(len(activity), 1)
        self.assertIn("الدخل أعلى", activity.note)

    def registration_at_committee(self, applicant):
        """The applicant's registration request, documents complete, before the committee."""
        self.add_file_documents(applicant)
        self.env["beneficiary.document"].create(
            {
                "beneficiary_id": applicant.id,
                "type_id": self.env.ref("beneficiary_relations.document_type_family_card").id,
            }
        )
        registration = self.env.ref("beneficiary_relations.request_type_registration")
        registration.committee_id = self.committee
        return self.to_committee(
            self.create_request(beneficiary=applicant, type_id=registration.id)
        )

    def test_registration_approval_activates_the_file(self):
        applicant = self.create_beneficiary(email="new@example.com")
        applicant.action_record_consent()
        request = self.registration_at_committee(applicant)
        meeting = self.meeting()
        meeting.action_hold()
        self.decide(request, meeting=meeting)
        self.assertEqual(
            applicant.state, "applicant", "the file is registered when the minutes are approved"
        )
        self.approve_minutes(meeting)
        self.assertEqual(applicant.state, "active")
        self.assertTrue(applicant.registration_date)

    def test_registration_without_consent_cannot_be_approved(self):
        applicant = self.create_beneficiary()
        request = self.registration_at_committee(applicant)
        with self.assertRaisesRegex(UserError, "no recorded consent"):
            self.decide(request)
        self.assertEqual(request.state, "committee")


@tagged("post_install", "-at_install")
class TestAnswer(RequestCase):
    def _decided(self, outcome="approve", **request_values):
        request = self.to_committee(self.create_request(user=self.officer, **request_values))
        meeting = self.meeting()
        meeting.action_hold()
        self.decide(request, outcome=outcome, meeting=meeting)
        self.approve_minutes(meeting)
        return request

    def test_notice_by_email_on_the_agreed_channel(self):
        request = self._decided()
        self.assertEqual(request.notice_state, "sent")
        self.assertTrue(request.answer_date)
        self.assertEqual(request.sla_status, "answered_on_time")
        sent = request.message_ids.filtered(
            lambda m: m.message_type == "comment" and request.partner_id in m.partner_ids
        )
        self.assertEqual(len(sent), 1)
        self.assertIn(request.decision_id.name, sent.body)
        log = request.message_ids.filtered(
            lambda m: "notified to the applicant by" in (m.body or "")
        )
        self.assertIn(self.channel_email.name, log.body)

    def test_notice_by_sms(self):
        self.beneficiary.preferred_channel_id = self.channel_sms
        request = self._decided(outcome="reject")
        sms = self.env["sms.sms"].search([("partner_id", "=", request.partner_id.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn(request.name, sms.body)
        self.assertEqual(sms.number, "+966500000009")
        log = request.message_ids.filtered(
            lambda m: "notified to the applicant by" in (m.body or "")
        )
        self.assertIn(self.channel_sms.name, log.body)

    def test_notice_by_phone_is_an_activity(self):
        self.beneficiary.preferred_channel_id = self.channel_phone
        request = self._decided()
        activity = request.activity_ids.filtered(
            lambda a: self.channel_phone.name in (a.summary or "")
        )
        self.assertEqual(activity.user_id, self.officer)
        self.assertEqual(request.notice_state, "sent")

    def test_minimum_answer_days_are_honoured(self):
        self.aid_type.min_answer_days = 14
        with freeze_time("2026-11-01 07:00:00"):
            request = self.to_committee(self.create_request())
        with freeze_time("2026-11-04 07:00:00"):
            meeting = self.meeting()
            meeting.action_hold()
            self.decide(request, meeting=meeting)
            self.approve_minutes(meeting)
            self.assertEqual(request.notice_state, "scheduled")
            self.assertEqual(request.notice_due_date, date(2026, 11, 15))
            self.assertFalse(request.answer_date)
            self.Request._cron_send_scheduled_notices()
            self.assertEqual(request.notice_state, "scheduled", "not before the promised date")
        with freeze_time("2026-11-15 06:00:00"):
            self.Request._cron_send_scheduled_notices()
            self.Request._cron_send_scheduled_notices()
        self.assertEqual(request.notice_state, "sent")
        self.assertEqual(request.answer_date, datetime(2026, 11, 15, 6, 0))
        logs = request.message_ids.filtered(
            lambda m: "notified to the applicant by" in (m.body or "")
        )
        self.assertEqual(len(logs), 1)

    def test_deliver_and_close(self):
        request = self._decided()
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            request.action_close()
        request.action_deliver()
        self.assertEqual(request.state, "delivered")
        self.assertTrue(request.delivery_date)
        request.action_close()
        self.assertEqual(request.state, "closed")
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            request._do_cancel("x")

    def test_inquiry_is_answered_without_committee(self):
        inquiry_type = self.env.ref("beneficiary_relations.request_type_inquiry")
        with freeze_time("2026-11-01 07:00:00"):
            inquiry = self.Request.create(
                {
                    "type_id": inquiry_type.id,
                    "partner_id": self.env["res.partner"].create({"name": "سائل"}).id,
                    "channel_id": self.channel_phone.id,
                    "description": "ما شروط التسجيل؟",
                }
            )
        with self.assertRaisesRegex(UserError, "Write the answer"):
            inquiry.action_answer_inquiry()
        with self.assertRaisesRegex(UserError, "cannot be sent to the committee"):
            inquiry.action_submit_to_committee()
        inquiry.inquiry_answer = "الشروط منشورة في دليل الخدمات."
        with freeze_time("2026-11-01 10:30:00"):
            inquiry.action_answer_inquiry()
        self.assertEqual(inquiry.state, "closed")
        self.assertEqual(inquiry.time_to_answer, 3.5)
        self.assertEqual(inquiry.sla_status, "answered_on_time")

    def test_cancel_needs_a_reason(self):
        request = self.create_request()
        with self.assertRaisesRegex(UserError, "reason"):
            request._do_cancel(" ")
        wizard_action = request.action_cancel()
        wizard = Form(
            self.env["beneficiary.reason.wizard"].with_context(**wizard_action["context"])
        )
        wizard.reason = "طلب المستفيدة"
        wizard.save().action_confirm()
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.cancel_reason, "طلب المستفيدة")


@tagged("post_install", "-at_install")
class TestReferral(RequestCase):
    def test_referral_to_researcher_with_a_field_visit(self):
        request = self.complete_request(self.create_request())
        wizard = (
            self.env["beneficiary.request.refer.wizard"]
            .with_user(self.officer)
            .create(
                {
                    "request_id": request.id,
                    "user_id": self.researcher.id,
                    "note": "زيارة منزلية",
                    "plan_visit": True,
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(request.state, "study")
        self.assertEqual(request.researcher_id, self.researcher)
        study = self.env.ref("beneficiary_relations.mail_activity_type_study")
        self.assertEqual(
            request.activity_ids.filtered(lambda a: a.activity_type_id == study).user_id,
            self.researcher,
        )
        visit = request.visit_ids
        self.assertEqual(visit.visitor_id, self.researcher)
        self.assertEqual(visit.beneficiary_id, self.beneficiary)
        # The researcher now reaches the file and records the findings.
        visit = visit.with_user(self.researcher)
        with self.assertRaisesRegex(UserError, "Record the findings"):
            visit.action_done()
        visit.findings = "<p>السكن مستأجر وبحاجة إلى ترميم.</p>"
        self.assertTrue(visit.checklist_ids, "a field visit comes with its checklist")
        with self.assertRaisesRegex(UserError, "checklist items are not checked"):
            visit.action_done()
        visit.checklist_ids.write({"is_checked": True})
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(
            self.beneficiary.with_user(self.researcher).national_id, self.beneficiary.national_id
        )

    def test_default_referral_goes_to_the_domain_officer(self):
        educational = self.env.ref("beneficiary_relations.request_type_educational_aid")
        self.env["beneficiary.category.officer"].create(
            {
                "category_id": self.beneficiary.category_id.id,
                "domain": "educational",
                "user_id": self.officer.id,
            }
        )
        request = self.create_request(type_id=educational.id)
        action = request.action_refer()
        self.assertEqual(action["context"]["default_user_id"], self.officer.id)
