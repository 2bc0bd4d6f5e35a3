import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import RequestCase, valid_national_id


class EligibilityCase(RequestCase):
    """A household of three with 1,950 SAR a month: 650 SAR per member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["beneficiary.eligibility.rule"]
        cls.env["beneficiary.income"].create(
            {"beneficiary_id": cls.beneficiary.id, "source": "social_security", "amount": 1950}
        )
        cls.env["beneficiary.member"].create(
            [
                {
                    "beneficiary_id": cls.beneficiary.id,
                    "name": "ريان",
                    "relation": "son",
                    "birth_date": fields.Date.today() - relativedelta(years=10),
                },
                {
                    "beneficiary_id": cls.beneficiary.id,
                    "name": "لمى",
                    "relation": "daughter",
                    "birth_date": fields.Date.today() - relativedelta(years=20),
                    "is_dependent": False,
                },
            ]
        )
        cls.beneficiary.birth_date = fields.Date.today() - relativedelta(years=45)

    @classmethod
    def rule(cls, **values):
        vals = {"name": "قاعدة", "criterion": "income_per_member", "max_income_per_member": 800}
        vals.update(values)
        return cls.Rule.with_user(cls.manager).create(vals)

    def check(self, rule, beneficiary=None, request_type=None):
        (result,) = rule._evaluate(beneficiary or self.beneficiary, request_type)
        return result


@tagged("post_install", "-at_install")
class TestEligibilityRules(EligibilityCase):
    def test_income_per_member(self):
        self.assertEqual(self.beneficiary.income_per_member, 650)
        result = self.check(self.rule(max_income_per_member=800))
        self.assertTrue(result["passed"])
        self.assertIn("650", result["explanation"])
        self.assertIn("800", result["explanation"])
        result = self.check(self.rule(max_income_per_member=500))
        self.assertFalse(result["passed"])
        self.assertIn("above the limit", result["explanation"])

    def test_explanations_are_arabic_sentences_with_the_figures(self):
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(
            ["beneficiary_relations"], ["ar_001"], overwrite=True
        )
        rule = self.rule(max_income_per_member=800).with_context(lang="ar_001")
        explanation = self.check(rule)["explanation"]
        self.assertIn("دخل الفرد", explanation)
        self.assertIn("650", explanation)
        self.assertIn("≤", explanation)
        self.assertIn("800", explanation)

    def test_category(self):
        result = self.check(self.rule(criterion="category", category_ids=self.category_widow.ids))
        self.assertTrue(result["passed"])
        rule = self.rule(criterion="category", category_ids=self.category_divorcee.ids)
        result = self.check(rule)
        self.assertFalse(result["passed"])
        self.assertIn(self.category_divorcee.name, result["explanation"])

    def test_residency(self):
        self.assertTrue(self.check(self.rule(criterion="residency", residency="citizen"))["passed"])
        resident = self.create_beneficiary(national_id=valid_national_id("2"))
        self.assertFalse(
            self.check(self.rule(criterion="residency", residency="citizen"), resident)["passed"]
        )
        self.assertTrue(
            self.check(self.rule(criterion="residency", residency="resident"), resident)["passed"]
        )

    def test_household_size_and_dependent_children(self):
        self.assertTrue(self.check(self.rule(criterion="household_size", min_count=3))["passed"])
        self.assertFalse(self.check(self.rule(criterion="household_size", min_count=4))["passed"])
        # The adult daughter is not a dependant: one dependent child.
        self.assertTrue(
            self.check(self.rule(criterion="dependent_children", min_count=1))["passed"]
        )
        result = self.check(self.rule(criterion="dependent_children", min_count=2))
        self.assertFalse(result["passed"])
        self.assertIn("1", result["explanation"])

    def test_age_of_the_beneficiary(self):
        self.assertTrue(
            self.check(self.rule(criterion="beneficiary_age", min_age=18, max_age=60))["passed"]
        )
        self.assertFalse(
            self.check(self.rule(criterion="beneficiary_age", min_age=60, max_age=120))["passed"]
        )
        unknown = self.create_beneficiary()
        result = self.check(self.rule(criterion="beneficiary_age", min_age=18, max_age=60), unknown)
        self.assertFalse(result["passed"])
        self.assertIn("birth date is not recorded", result["explanation"])

    def test_orphans_under_eighteen(self):
        rule = self.rule(criterion="member_age", min_age=0, max_age=17, min_count=1)
        self.assertTrue(self.check(rule)["passed"])
        rule = self.rule(criterion="member_age", min_age=0, max_age=17, min_count=2)
        self.assertFalse(self.check(rule)["passed"])

    def test_documents_valid_today(self):
        rule = self.rule(criterion="documents", document_type_ids=self.doc_type_id_card.ids)
        result = self.check(rule)
        self.assertFalse(result["passed"])
        self.assertIn(self.doc_type_id_card.name, result["explanation"])
        document = self.add_file_documents(self.beneficiary, expiry="2020-06-01")
        self.assertFalse(self.check(rule)["passed"], "an expired document does not count")
        document.write({"expiry_date": fields.Date.today() + timedelta(days=30)})
        self.assertTrue(self.check(rule)["passed"])

    def test_no_recent_aid_of_the_same_type(self):
        rule = self.rule(criterion="recent_aid", months=6)
        self.assertTrue(self.check(rule, request_type=self.aid_type)["passed"])
        previous = self.to_committee(self.create_request())
        self.decide(previous)
        result = self.check(rule, request_type=self.aid_type)
        self.assertFalse(result["passed"])
        self.assertIn(previous.name, result["explanation"])
        other_type = self.aid_type.copy({"code": "test_other_aid"})
        self.assertTrue(self.check(rule, request_type=other_type)["passed"])
        # The request being evaluated is not its own previous aid.
        (own,) = rule._evaluate(self.beneficiary, self.aid_type, exclude_request=previous)
        self.assertTrue(own["passed"])

    def test_advanced_condition_on_the_file(self):
        rule = self.rule(criterion="domain", domain="[('has_disability', '=', True)]")
        self.assertFalse(self.check(rule)["passed"])
        self.beneficiary.has_disability = True
        self.assertTrue(self.check(rule)["passed"])

    def test_ages_are_counted_on_the_evaluation_date(self):
        rule = self.rule(criterion="member_age", min_age=0, max_age=10, min_count=1)
        (today,) = rule._evaluate(self.beneficiary, on_date=fields.Date.today())
        next_year = fields.Date.today() + relativedelta(years=1)
        (later,) = rule._evaluate(self.beneficiary, on_date=next_year)
        self.assertTrue(today["passed"])
        self.assertFalse(later["passed"])

    def test_settings_are_checked(self):
        refused = [
            {"criterion": "category"},
            {"criterion": "residency"},
            {"criterion": "income_per_member", "max_income_per_member": 0},
            {"criterion": "household_size", "min_count": 0},
            {"criterion": "beneficiary_age", "min_age": 30, "max_age": 20},
            {"criterion": "member_age", "min_age": 0, "max_age": 0},
            {"criterion": "documents"},
            {"criterion": "recent_aid", "months": 0},
            {"criterion": "domain", "domain": "[('no_such_field', '=', 1)]"},
            {"criterion": "domain", "domain": "[]"},
            {"criterion": "domain", "domain": "not a domain"},
        ]
        for values in refused:
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.rule(**values)

    def test_every_change_of_the_settings_is_a_new_version(self):
        rule = self.rule(max_income_per_member=800)
        self.assertEqual(rule.version, 1)
        rule.with_user(self.manager).write({"name": "حد الدخل"})
        self.assertEqual(rule.version, 1, "renaming does not change what the rule checks")
        rule.with_user(self.manager).write({"max_income_per_member": 900})
        self.assertEqual(rule.version, 2)
        self.assertEqual(self.check(rule)["rule_version"], 2)

    def test_only_managers_configure_rules(self):
        for user in (self.officer, self.researcher, self.committee_member):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Rule.with_user(user).create(
                    {"name": "x", "criterion": "household_size", "min_count": 1}
                )
        rule = self.rule()
        self.assertTrue(rule.with_user(self.officer).read(["name"]))
        with self.assertRaises(AccessError):
            rule.with_user(self.officer).write({"max_income_per_member": 5000})


@tagged("post_install", "-at_install")
class TestRequestEligibility(EligibilityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.income_rule = cls.rule(name="حد الدخل", max_income_per_member=800)
        cls.household_rule = cls.rule(name="حجم الأسرة", criterion="household_size", min_count=2)
        cls.aid_type.eligibility_rule_ids = cls.income_rule | cls.household_rule

    def test_completeness_stores_every_criterion(self):
        request = self.complete_request(self.create_request(user=self.officer))
        self.assertEqual(request.eligibility_state, "eligible")
        self.assertTrue(request.eligibility_date)
        lines = request.eligibility_result_ids
        self.assertEqual(lines.rule_id, self.income_rule | self.household_rule)
        self.assertTrue(all(lines.mapped("passed")))
        self.assertEqual(set(lines.mapped("rule_version")), {1})
        self.assertTrue(all(lines.mapped("explanation")))

    def test_a_change_of_the_file_evaluates_again_before_the_committee(self):
        request = self.to_committee(self.create_request())
        self.assertEqual(request.eligibility_state, "eligible")
        self.env["beneficiary.income"].with_user(self.officer).create(
            {"beneficiary_id": self.beneficiary.id, "source": "salary", "amount": 3000}
        )
        self.assertEqual(request.eligibility_state, "ineligible")
        failed = request.eligibility_result_ids.filtered(lambda line: not line.passed)
        self.assertEqual(failed.rule_id, self.income_rule)
        self.assertIn("1,650", failed.explanation)

    def test_a_decided_request_keeps_its_evaluation(self):
        request = self.to_committee(self.create_request())
        self.decide(request)
        before = request.eligibility_result_ids
        self.env["beneficiary.income"].create(
            {"beneficiary_id": self.beneficiary.id, "source": "salary", "amount": 3000}
        )
        self.assertEqual(request.eligibility_result_ids, before)
        self.assertEqual(request.eligibility_state, "eligible")
        with self.assertRaises(UserError):
            request.action_evaluate_eligibility()

    def test_evaluation_lines_cannot_be_written_by_hand(self):
        request = self.complete_request(self.create_request())
        line = request.eligibility_result_ids[:1]
        for user in (self.officer, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                line.with_user(user).write({"passed": False})

    def test_committee_approves_an_ineligible_request_only_with_a_reason(self):
        self.income_rule.max_income_per_member = 500
        request = self.to_committee(self.create_request())
        self.assertEqual(request.eligibility_state, "ineligible")
        meeting = self.meeting()
        Decision = self.env["beneficiary.committee.decision"].with_user(self.committee_member)
        with self.assertRaisesRegex(ValidationError, "does not meet its eligibility rules"):
            Decision.create(
                {"meeting_id": meeting.id, "request_id": request.id, "outcome": "approve"}
            )
        self.assertEqual(request.state, "committee")
        decision = Decision.create(
            {
                "meeting_id": meeting.id,
                "request_id": request.id,
                "outcome": "approve",
                "eligibility_override_reason": "حالة طارئة بعد وفاة العائل",
            }
        )
        self.assertEqual(request.state, "approved")
        self.assertEqual(decision.request_eligibility_state, "ineligible")

    def test_rejecting_an_ineligible_request_needs_no_override(self):
        self.income_rule.max_income_per_member = 500
        request = self.to_committee(self.create_request())
        self.decide(request, "reject")
        self.assertEqual(request.state, "rejected")

    def test_the_committee_member_reads_the_evaluation_of_its_agenda_only(self):
        request = self.complete_request(self.create_request())
        lines = request.eligibility_result_ids
        Result = self.env["beneficiary.eligibility.result"]
        self.assertFalse(Result.with_user(self.committee_member).search([("id", "in", lines.ids)]))
        self.sign(request)
        request.action_submit_to_committee()
        lines = request.eligibility_result_ids
        self.assertEqual(
            Result.with_user(self.committee_member).search([("id", "in", lines.ids)]), lines
        )
        self.assertFalse(Result.with_user(self.outsider_member).search([("id", "in", lines.ids)]))
        self.assertFalse(Result.with_user(self.researcher).search([("id", "in", lines.ids)]))

    def test_the_decision_letter_prints_the_evaluation(self):
        self.income_rule.max_income_per_member = 500
        request = self.to_committee(self.create_request())
        decision = self.decide(request, eligibility_override_reason="حالة طارئة")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.committee_member)
            ._render_qweb_html(
                "beneficiary_relations.beneficiary_committee_decision_report_letter", decision.ids
            )[0]
            .decode()
        )
        self.assertIn("Eligibility Evaluation", html)
        self.assertIn(self.income_rule.name, html)
        self.assertIn("حالة طارئة", html)
        # The letter breaks long text into short lines: compare the words.
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        for line in request.eligibility_result_ids:
            self.assertIn(" ".join(line.explanation.split(" (")[0].split()), text)


@tagged("post_install", "-at_install")
class TestNeedsAssessment(EligibilityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Criterion = cls.env["beneficiary.need.criterion"]
        # Only the criteria of these tests count.
        cls.Criterion.search([]).active = False

    def criterion(self, **values):
        vals = {"name": "معيار", "weight": 10}
        vals.update(values)
        return self.Criterion.with_user(self.manager).create(vals)

    def test_income_per_member_gives_points_in_a_straight_line(self):
        self.criterion(factor="income_per_member", weight=40, full_at=300, zero_at=1000)
        # 650 is half-way between 300 (full need) and 1000 (no need).
        self.assertAlmostEqual(self.beneficiary.need_score, 50.0)
        self.assertEqual(self.beneficiary.need_priority, "high")
        self.assertIn("650", self.beneficiary.need_details)

    def test_each_factor(self):
        dependants = self.criterion(factor="dependants", full_at=2, zero_at=0)
        housing = self.criterion(factor="housing", full_at=50, zero_at=0)
        health = self.criterion(factor="health", full_at=1, zero_at=0)
        debts = self.criterion(factor="debts", full_at=10000, zero_at=0)
        self.assertEqual(dependants._figure(self.beneficiary), 1)
        self.assertEqual(housing._figure(self.beneficiary), 0)
        self.assertEqual(health._figure(self.beneficiary), 0)
        self.assertEqual(debts._figure(self.beneficiary), 0)
        self.assertAlmostEqual(self.beneficiary.need_score, 12.5)
        self.assertEqual(self.beneficiary.need_priority, "low")
        self.beneficiary.write(
            {
                "housing_type": "rented",
                "monthly_rent": 975,
                "has_chronic_disease": True,
                "debt_amount": 20000,
            }
        )
        self.assertAlmostEqual(housing._figure(self.beneficiary), 50.0)
        # 0.5 + 1 + 1 + 1 of 4 criteria of equal weight.
        self.assertAlmostEqual(self.beneficiary.need_score, 87.5)
        self.assertEqual(self.beneficiary.need_priority, "urgent")

    def test_settings_are_checked(self):
        for values in (
            {"weight": 0, "full_at": 1},
            {"factor": "debts", "full_at": 5, "zero_at": 5},
        ):
            values.setdefault("factor", "dependants")
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.criterion(**values)
        with self.assertRaises(AccessError):
            self.Criterion.with_user(self.officer).create(
                {"name": "x", "factor": "debts", "weight": 1, "full_at": 1}
            )

    def test_the_agenda_lists_the_neediest_first(self):
        self.criterion(factor="income_per_member", weight=10, full_at=300, zero_at=1000)
        needy = self.to_committee(self.create_request())
        richer = self.create_beneficiary(
            income_line_ids=[(0, 0, {"source": "salary", "amount": 900})]
        )
        richer.action_record_consent()
        richer.action_activate()
        other = self.to_committee(self.create_request(beneficiary=richer))
        self.assertGreater(needy.need_score, other.need_score)
        self.assertEqual(other.need_priority, "low")
        meeting = self.meeting()
        meeting.action_build_agenda()
        self.assertEqual(meeting.agenda_request_ids, needy | other)
        arch = self.env["beneficiary.committee.meeting"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('default_order="need_score desc', arch)

    def test_priority_bounds(self):
        from ..models.beneficiary_need_criterion import priority_of

        cases = {0: "low", 24.99: "low", 25: "medium", 50: "high", 74.99: "high", 75: "urgent"}
        for score, priority in cases.items():
            self.assertEqual(priority_of(score), priority, score)
