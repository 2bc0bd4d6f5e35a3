from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import warmup

from ..models.beneficiary_workflow_guard_mixin import workflow_block
from .common import RequestCase


@tagged("post_install", "-at_install")
class TestRequestAccess(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assigned = cls.complete_request(cls.create_request())
        cls.assigned._do_refer(cls.researcher)
        cls.in_committee = cls.to_committee(cls.create_request())
        cls.other_type = cls.env["beneficiary.request.type"].create(
            {
                "name": "دعم تعليمي",
                "code": "t_edu",
                "kind": "aid",
                "committee_id": cls.other_committee.id,
            }
        )
        cls.other_committee_request = cls.to_committee(
            cls.create_request(type_id=cls.other_type.id)
        )
        cls.fresh = cls.create_request()
        cls.all = cls.assigned | cls.in_committee | cls.other_committee_request | cls.fresh

    def _visible(self, user):
        return self.Request.with_user(user).search([("id", "in", self.all.ids)])

    def test_officer_creates_completes_and_sees_all(self):
        self.assertEqual(self._visible(self.officer), self.all)
        request = self.create_request(user=self.officer)
        request.with_user(self.officer).action_load_file_documents()
        request.with_user(self.officer).action_mark_complete()
        self.assertEqual(request.state, "complete")

    def test_officer_cannot_decide(self):
        meeting = self.meeting()
        with self.assertRaises(AccessError):
            self.env["beneficiary.committee.decision"].with_user(self.officer).create(
                {"meeting_id": meeting.id, "request_id": self.in_committee.id, "outcome": "approve"}
            )

    def test_researcher_works_on_assigned_requests_only(self):
        self.assertEqual(self._visible(self.researcher), self.assigned)
        self.assigned.with_user(self.researcher).write({"referral_note": "تمت الدراسة"})
        with self.assertRaises(AccessError):
            self.fresh.with_user(self.researcher).read(["description"])
        with self.assertRaises(AccessError):
            self.create_request(user=self.researcher)

    def test_committee_member_sees_and_decides_only_their_agenda(self):
        self.assertEqual(self._visible(self.committee_member), self.in_committee)
        self.assertEqual(self._visible(self.outsider_member), self.other_committee_request)
        # The member reads the file behind the agenda, not other files.
        self.assertEqual(
            self.in_committee.beneficiary_id.with_user(self.committee_member).national_id,
            self.beneficiary.national_id,
        )
        meeting = self.meeting()
        decision = (
            self.env["beneficiary.committee.decision"]
            .with_user(self.committee_member)
            .create(
                {"meeting_id": meeting.id, "request_id": self.in_committee.id, "outcome": "approve"}
            )
        )
        self.assertEqual(self.in_committee.state, "approved")
        # A member of another committee sees neither the meeting nor the decision.
        with self.assertRaises(AccessError):
            meeting.with_user(self.outsider_member).read(["name"])
        with self.assertRaises(AccessError):
            decision.with_user(self.outsider_member).read(["outcome"])
        with self.assertRaises(AccessError):
            self.env["beneficiary.committee.meeting"].with_user(self.outsider_member).create(
                {"committee_id": self.committee.id}
            )
        with self.assertRaises(AccessError):
            self.in_committee.with_user(self.committee_member).write({"description": "x"})

    def test_users_outside_the_module_see_nothing(self):
        for model in ("beneficiary.request", "beneficiary.committee.decision", "beneficiary.visit"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.internal_user).search([])


@tagged("post_install", "-at_install")
class TestRequestPerformance(RequestCase):
    @warmup
    def test_create_request_budget(self):
        with self.with_user("br_officer"):
            # 19 for the request, 13 for the contact officer's to-do (routing).
            with self.assertQueryCount(br_officer=32):
                self.create_request()

    @warmup
    def test_mark_complete_budget(self):
        request = self.create_request()
        self.add_file_documents(self.beneficiary)
        request.action_load_file_documents()
        with self.with_user("br_officer"):
            request = request.with_env(self.env)
            # 12 for completeness, 7 for the eligibility evaluation and needs assessment
            # it now stores (criteria, previous lines, the file's figures, one write).
            with self.assertQueryCount(br_officer=19):
                request.action_mark_complete()
            with workflow_block():
                request.state = "received"
                request.complete_date = False

    @warmup
    def test_submit_to_committee_budget(self):
        request = self.sign(self.complete_request(self.create_request()))
        with self.with_user("br_officer"):
            request = request.with_env(self.env)
            # 4, and 3 to evaluate the request again before the committee sees it.
            with self.assertQueryCount(br_officer=7):
                request.action_submit_to_committee()
            with workflow_block():
                request.state = "complete"


@tagged("post_install", "-at_install")
class TestTransitionBudgets(RequestCase):
    """Query budgets of the remaining steps, as the user who takes each."""

    @warmup
    def test_refer_budget(self):
        request = self.complete_request(self.create_request())
        with self.with_user("br_officer"):
            request = request.with_env(self.env)
            # 53: the study to-do's notice carries the applicant's portal link (portal.mixin
            # signs it and creates the access token once).
            with self.assertQueryCount(br_officer=53):
                request._do_refer(self.researcher)
            with workflow_block():
                request.state = "complete"

    @warmup
    def test_decision_budget(self):
        request = self.to_committee(self.create_request())
        meeting = self.meeting()
        with self.with_user("br_committee"):
            Decision = self.env["beneficiary.committee.decision"]
            # 15: the decision also closes the study to-do of the request.
            with self.assertQueryCount(br_committee=15):
                decision = Decision.create(
                    {"meeting_id": meeting.id, "request_id": request.id, "outcome": "approve"}
                )
            decision.sudo().unlink()

    @warmup
    def test_deliver_and_close_budget(self):
        request = self.to_committee(self.create_request())
        self.decide(request)
        self.aid_type.survey_id = False
        self.env.ref("beneficiary_relations.survey_satisfaction").active = False
        with self.with_user("br_officer"):
            request = request.with_env(self.env)
            # An archived satisfaction survey is simply not sent.
            with self.assertQueryCount(br_officer=5):
                request.action_deliver()
                request.action_close()
            with workflow_block():
                request.state = "approved"


@tagged("post_install", "-at_install")
class TestSlaStatusBatch(RequestCase):
    def _queries_to_read_status(self, requests):
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        requests.mapped("sla_status")
        return self.cr.sql_log_count - start

    def test_sla_status_of_a_list_costs_the_same_for_1_and_6_rows(self):
        requests = self.Request
        for _index in range(6):
            requests |= self.complete_request(self.create_request())
        self.env.flush_all()
        self._queries_to_read_status(requests[:1])  # warm the caches
        one = self._queries_to_read_status(requests[:1])
        six = self._queries_to_read_status(requests)
        self.assertEqual(one, six)
        self.assertEqual(set(requests.mapped("sla_status")), {"on_track"})
        requests[:3].write({"answer_date": fields.Datetime.now()})
        self.env.flush_all()
        self.assertEqual(self._queries_to_read_status(requests), six)
        self.assertEqual(requests.mapped("sla_status"), ["answered_on_time"] * 3 + ["on_track"] * 3)
