from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestSatisfaction(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("beneficiary_relations.survey_satisfaction")
        cls.questions = cls.survey.question_ids.filtered(
            lambda q: q.question_type == "simple_choice"
        )

    def _delivered(self, **values):
        request = self.to_committee(self.create_request(user=self.officer, **values))
        meeting = self.meeting()
        meeting.action_hold()
        self.decide(request, meeting=meeting)
        self.approve_minutes(meeting)
        request.action_deliver()
        return request

    def _answer(self, user_input, score):
        """Answer every scored question with the choice worth ``score`` (0-4)."""
        for question in self.questions:
            choice = question.suggested_answer_ids.filtered(lambda a, s=score: a.answer_score == s)
            user_input._save_lines(question, choice.id)
        user_input._mark_done()

    def test_survey_sent_on_delivery_and_linked_back(self):
        request = self._delivered()
        answer = self.env["survey.user_input"].search([("beneficiary_request_id", "=", request.id)])
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.partner_id, request.partner_id)
        self.assertEqual(answer.beneficiary_id, self.beneficiary)
        self.assertEqual(answer.beneficiary_category_id, self.beneficiary.category_id)
        self.assertEqual(answer.beneficiary_channel_id, request.channel_id)
        invitation = answer.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(invitation), 1, "the invitation went by e-mail, the agreed channel")
        self.assertIn(answer.get_start_url(), invitation.body)
        self._answer(answer, 4)
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.scoring_percentage, 100.0)

    def test_survey_configured_on_the_type_and_sent_on_complaint_closing(self):
        other_survey = self.survey.copy({"title": "استبيان المساعدات"})
        self.aid_type.survey_id = other_survey
        request = self._delivered()
        self.assertEqual(
            self.env["survey.user_input"]
            .search([("beneficiary_request_id", "=", request.id)])
            .survey_id,
            other_survey,
        )
        complaint = self.reviewed_complaint()
        complaint.resolution = "تم الحل"
        complaint.action_resolve()
        complaint.action_close()
        answer = self.env["survey.user_input"].search(
            [("beneficiary_complaint_id", "=", complaint.id)]
        )
        self.assertEqual(answer.survey_id, self.survey)
        anonymous = self.reviewed_complaint(is_anonymous=True, beneficiary_id=False)
        anonymous.resolution = "تم الحل"
        anonymous.action_resolve()
        anonymous.action_close()
        self.assertFalse(
            self.env["survey.user_input"].search([("beneficiary_complaint_id", "=", anonymous.id)])
        )

    def test_index_on_a_known_set_of_answers(self):
        scores = [4, 3, 2, 0]  # 100%, 75%, 50%, 0%
        for score in scores:
            request = self._delivered()
            answer = self.env["survey.user_input"].search(
                [("beneficiary_request_id", "=", request.id)]
            )
            self._answer(answer, score)
        self._delivered()  # sent, never answered
        self.env.flush_all()
        Report = self.env["beneficiary.satisfaction.report"]
        ((score, sent, answered),) = Report._read_group(
            [("category_id", "=", self.beneficiary.category_id.id), ("source", "=", "request")],
            [],
            ["score:avg", "sent:sum", "answered:sum"],
        )
        self.assertAlmostEqual(score, 56.25)
        self.assertEqual(sent, 5)
        self.assertEqual(answered, 4)
        self.assertNotIn("partner_id", Report._fields, "the analysis never names who answered")
        # Officers read the index, not the answers themselves.
        self.assertTrue(Report.with_user(self.officer).search_count([]))

    def test_low_score_creates_a_follow_up_for_the_contact_officer(self):
        Officer = self.env["beneficiary.category.officer"]
        Officer.search([("category_id", "=", self.beneficiary.category_id.id)]).unlink()
        Officer.create(
            {
                "category_id": self.beneficiary.category_id.id,
                "domain": "social",
                "user_id": self.researcher.id,
            }
        )
        request = self._delivered()
        answer = self.env["survey.user_input"].search([("beneficiary_request_id", "=", request.id)])
        self._answer(answer, 1)  # 25%
        follow_up = request.activity_ids.filtered(lambda a: "Low satisfaction" in (a.summary or ""))
        self.assertEqual(follow_up.user_id, self.researcher)
        happy = self._delivered()
        happy_answer = self.env["survey.user_input"].search(
            [("beneficiary_request_id", "=", happy.id)]
        )
        self._answer(happy_answer, 3)
        self.assertFalse(
            happy.activity_ids.filtered(lambda a: "Low satisfaction" in (a.summary or ""))
        )
