from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_data_protection import DataProtectionCase
from .test_eligibility import EligibilityCase
from .test_program import ProgramCase

REFUSED = "can only be changed with"


class WorkflowRefusalMixin:
    def assertRefused(self, records, user, vals):  # noqa: N802
        """``user`` gets the workflow's message writing ``vals``; nothing changes."""
        records = records.with_user(user)
        before = records.sudo().read(list(vals))
        with self.assertRaisesRegex(UserError, REFUSED) as caught:
            records.write(vals)
        self.assertNotIsInstance(caught.exception, AccessError)
        self.assertEqual(records.sudo().read(list(vals)), before)


@tagged("post_install", "-at_install")
class TestDataProtectionWorkflowFields(WorkflowRefusalMixin, DataProtectionCase):
    def test_data_request_fields(self):
        request = self.DataRequest.with_user(self.officer).create(
            {
                "request_kind": "objection",
                "beneficiary_id": self.file_a.id,
                "channel_id": self.channel_hq.id,
            }
        )
        attempts = [
            {"state": "done"},
            {"state": "refused", "refusal_reason": "لا يوجد"},
            {"answer_date": fields.Datetime.now()},
            {"escalated_date": fields.Datetime.now()},
            {"bundle_attachment_ids": [(6, 0, [])]},
        ]
        for user in (self.officer, self.dpo):
            for vals in attempts:
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(request, user, vals)
        with self.assertRaisesRegex(UserError, REFUSED):
            self.DataRequest.with_user(self.dpo).create(
                {
                    "request_kind": "objection",
                    "beneficiary_id": self.file_a.id,
                    "channel_id": self.channel_hq.id,
                    "state": "done",
                }
            )
        # The answer itself stays editable; the transitions still work.
        request.with_user(self.dpo).write({"answer": "أوقفنا المعالجة محل الاعتراض."})
        request.with_user(self.dpo).action_process()
        self.assertEqual(request.state, "done")
        self.assertTrue(request.answer_date)

    def test_data_request_refusal_goes_through_the_action(self):
        request = self.DataRequest.with_user(self.officer).create(
            {
                "request_kind": "objection",
                "beneficiary_id": self.file_a.id,
                "channel_id": self.channel_hq.id,
            }
        )
        request.with_user(self.dpo)._do_refuse("الطلب لا يخص معالجة قائمة")
        self.assertEqual(request.state, "refused")
        self.assertEqual(request.refusal_reason, "الطلب لا يخص معالجة قائمة")

    def test_breach_fields(self):
        breach = (
            self.env["beneficiary.breach"]
            .with_user(self.dpo)
            .create(
                {
                    "description": "فقدان حاسوب محمول",
                    "discovery_date": fields.Datetime.now() - timedelta(hours=2),
                    "beneficiary_ids": [(6, 0, self.file_a.ids)],
                }
            )
        )
        for vals in (
            {"state": "closed"},
            {"state": "authority_notified"},
            {"authority_notified_date": fields.Datetime.now()},
            {"people_notified_date": fields.Datetime.now()},
            {"escalated_date": fields.Datetime.now()},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(breach, self.dpo, vals)
        breach.with_user(self.dpo).write({"authority_reference": "NDMO-2026-17"})
        breach.with_user(self.dpo).action_notify_authority()
        self.assertEqual(breach.state, "authority_notified")
        self.assertTrue(breach.authority_notified_date)
        breach.with_user(self.dpo).action_notify_people()
        self.assertTrue(breach.people_notified_date)


@tagged("post_install", "-at_install")
class TestProgramWorkflowFields(WorkflowRefusalMixin, ProgramCase):
    def test_program_fields(self):
        for vals in ({"state": "closed"}, {"state": "draft"}, {"committed_amount": 100.0}):
            with self.subTest(vals=vals):
                self.assertRefused(self.program, self.manager, vals)
        self.program.with_user(self.manager).write({"budget_amount": 3000})
        self.program.with_user(self.manager).action_close()
        self.assertEqual(self.program.state, "closed")

    def test_enrolment_fields(self):
        enrolments = self.enrol(self.poorer | self.rich)
        left_out = enrolments.filtered(lambda enrolment: enrolment.state == "not_eligible")
        enrolled = enrolments - left_out
        self.assertEqual(left_out.beneficiary_id, self.rich)
        for user in (self.officer, self.manager):
            for vals in (
                {"state": "enrolled"},
                {"reasons": False},
                {"need_score": 100.0},
                {"needs_review": True},
            ):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(left_out, user, vals)
            with self.subTest(user=user.login):
                self.assertRefused(enrolled, user, {"state": "withdrawn"})
        enrolled.with_user(self.officer).action_withdraw()
        self.assertEqual(enrolled.state, "withdrawn")
        left_out.with_user(self.officer).action_evaluate()
        self.assertEqual(left_out.state, "not_eligible")

    def test_cycle_fields(self):
        self.program.budget_amount = 5000
        self.enrol(self.poorer)
        cycle = self.cycle()
        for user in (self.officer, self.manager, self.finance):
            for vals in (
                {"state": "approved"},
                {"state": "paid"},
                {"job": "pay"},
                {"approved_by_id": self.manager.id},
            ):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(cycle, user, vals)
        with self.assertRaisesRegex(UserError, REFUSED):
            self.cycle(user=self.manager, date_start="2026-04-01", state="approved")
        cycle.with_user(self.officer).action_generate()
        self.assertEqual(cycle.state, "generated")
        self.assertRefused(cycle, self.manager, {"state": "approved"})
        cycle.with_user(self.manager).action_approve()
        self.assertEqual((cycle.state, cycle.approved_by_id), ("approved", self.manager))
        self.assertRefused(cycle, self.finance, {"state": "paid"})
        cycle.with_user(self.finance).action_pay()
        self.assertEqual(cycle.state, "paid")
        self.assertEqual(cycle.entitlement_ids.mapped("state"), ["paid"])


@tagged("post_install", "-at_install")
class TestEvaluationWorkflowFields(WorkflowRefusalMixin, EligibilityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.aid_type.eligibility_rule_ids = cls.rule(name="حد الدخل", max_income_per_member=500)

    def test_stored_evaluation_is_written_only_by_the_evaluation(self):
        request = self.complete_request(self.create_request(user=self.officer))
        self.assertEqual(request.eligibility_state, "ineligible")
        for user in (self.officer, self.manager):
            for vals in (
                {"eligibility_state": "eligible"},
                {"eligibility_date": False},
                {"need_score": 100.0, "need_priority": "high"},
                {"need_details": "لا شيء"},
            ):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(request, user, vals)
        # Evaluating again as the officer still works.
        self.aid_type.eligibility_rule_ids.max_income_per_member = 800
        request.with_user(self.officer).action_evaluate_eligibility()
        self.assertEqual(request.eligibility_state, "eligible")

    def test_override_reason_is_frozen_with_the_minutes(self):
        request = self.to_committee(self.create_request())
        meeting = self.meeting()
        decision = (
            self.env["beneficiary.committee.decision"]
            .with_user(self.committee_member)
            .create(
                {
                    "meeting_id": meeting.id,
                    "request_id": request.id,
                    "outcome": "approve",
                    "eligibility_override_reason": "حالة طارئة بعد وفاة العائل",
                }
            )
        )
        meeting.action_hold()
        self.approve_minutes(meeting)
        for user in (self.committee_member, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                decision.with_user(user).write({"eligibility_override_reason": "سبب آخر"})
        self.assertEqual(decision.eligibility_override_reason, "حالة طارئة بعد وفاة العائل")


@tagged("post_install", "-at_install")
class TestVisitWorkflowFields(WorkflowRefusalMixin, DataProtectionCase):
    def test_visit_fields(self):
        visit = (
            self.env["beneficiary.visit"]
            .with_user(self.officer)
            .create(
                {
                    "visit_type": "field_visit",
                    "beneficiary_id": self.file_a.id,
                    "visitor_id": self.researcher.id,
                }
            )
        )
        for user in (self.officer, self.researcher, self.manager):
            for vals in ({"state": "done"}, {"done_date": fields.Date.today()}):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(visit, user, vals)
        visit.with_user(self.officer).write({"findings": "<p>الأسرة في المنزل المستأجر</p>"})
        visit.checklist_ids.with_user(self.officer).write({"is_checked": True})
        visit.with_user(self.officer).action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.done_date, fields.Date.context_today(visit))
