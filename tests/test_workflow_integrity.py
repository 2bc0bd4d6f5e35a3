import json

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import ComplaintCase, role_user, valid_national_id
from .test_disbursement import DisbursementCase

REFUSED = "can only be changed with"


@tagged("post_install", "-at_install")
class TestWorkflowFields(ComplaintCase):
    """Workflow fields change only through transitions, for every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = role_user(cls.env, "br_finance_wf", "finance")
        cls.roles = (
            cls.officer,
            cls.researcher,
            cls.committee_member,
            cls.finance,
            cls.manager,
        )

    def assertRefused(self, records, user, vals):  # noqa: N802
        """``user`` cannot write ``vals`` on ``records``; nothing changes."""
        records = records.with_user(user)
        before = records.sudo().read(list(vals))
        with self.assertRaises(UserError) as caught:
            records.write(vals)
        if isinstance(caught.exception, UserError) and not isinstance(
            caught.exception, AccessError
        ):
            self.assertIn(REFUSED, str(caught.exception))
        self.assertEqual(records.sudo().read(list(vals)), before)
        return caught.exception

    def test_request_fields_refused_for_every_role(self):
        request = self.complete_request(self.create_request())
        other = self.to_committee(self.create_request())
        decision = self.decide(other)
        request._do_refer(self.researcher)
        attempts = [
            {"state": "approved"},
            {"decision_id": decision.id},
            {"complete_date": "2026-01-04 08:00:00"},
            {"answer_date": fields.Datetime.now()},
            {"notice_state": "sent"},
            {"escalated_date": fields.Datetime.now()},
            {"declaration_hash": "0" * 64},
            {"declaration_signer": "someone"},
            {"disbursed_amount": 0, "disbursement_cap": 10**6},
        ]
        for user in self.roles:
            for vals in attempts:
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(request, user, vals)
        # Those who may edit the request get the workflow's message, not an access error.
        for user in (self.officer, self.researcher, self.manager):
            with self.subTest(user=user.login):
                error = self.assertRefused(request, user, {"state": "approved"})
                self.assertNotIsInstance(error, AccessError)
                self.assertIn("Status", str(error))
        self.assertEqual(request.state, "study")
        # The transitions still work for the roles that take them.
        self.sign(request)
        request.with_user(self.officer).action_submit_to_committee()
        self.assertEqual(request.state, "committee")

    def test_request_cannot_be_created_in_a_later_state(self):
        Request = self.Request.with_user(self.officer)
        with self.assertRaisesRegex(UserError, REFUSED):
            self.create_request(user=self.officer, state="approved")
        with self.assertRaisesRegex(UserError, REFUSED):
            self.create_request(user=self.officer, complete_date=fields.Datetime.now())
        # A ``default_state`` in the context chooses nothing either.
        request = Request.with_context(default_state="approved").create(
            {
                "type_id": self.aid_type.id,
                "beneficiary_id": self.beneficiary.id,
                "channel_id": self.channel_hq.id,
            }
        )
        self.assertEqual(request.state, "received")
        # The default value itself may be given, as the web client does.
        request = self.create_request(user=self.officer, state="received")
        self.assertEqual(request.state, "received")

    def test_file_status_refused_even_for_managers(self):
        beneficiary = self.create_beneficiary()
        for user in self.roles:
            for vals in (
                {"state": "active"},
                {"registration_date": "2026-01-01"},
                {"consent_date": fields.Datetime.now()},
            ):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(beneficiary, user, vals)
        beneficiary.with_user(self.officer).action_record_consent()
        beneficiary.with_user(self.manager).action_activate()
        self.assertEqual(beneficiary.state, "active")

    def test_decision_and_meeting_fields(self):
        request = self.to_committee(self.create_request())
        meeting = self.meeting()
        decision = self.decide(request, meeting=meeting, approved_amount=4000)
        other = self.to_committee(self.create_request())
        for user in (self.committee_member, self.manager, self.officer):
            with self.subTest(user=user.login):
                self.assertRefused(decision, user, {"request_id": other.id})
                self.assertRefused(decision, user, {"locked": True})
                self.assertRefused(meeting, user, {"state": "approved"})
        meeting.with_user(self.committee_member).action_hold()
        self.approve_minutes(meeting)
        self.assertTrue(decision.locked)
        # Immutable once the minutes are approved: by any write, ``locked`` included.
        for user in (self.committee_member, self.manager):
            for vals in ({"locked": False}, {"approved_amount": 9000}, {"reasons": "x"}):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(UserError):
                        decision.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, "approved minutes"):
            decision.write({"locked": False})
        with self.assertRaisesRegex(UserError, "approved minutes"):
            decision.write({"approved_amount": 9000})
        self.assertEqual(request.approved_amount, 4000)

    def test_complaint_and_compensation_fields(self):
        complaint = self.reviewed_complaint()
        for user in self.roles:
            for vals in ({"state": "closed"}, {"resolved_date": fields.Datetime.now()}):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(complaint, user, vals)
        compensation = self.env["beneficiary.compensation"].create(
            {
                "complaint_id": complaint.id,
                "ground": "ruling",
                "ruling_number": "123/1447",
                "ruling_date": "2026-01-01",
                "ruling_authority": "المحكمة العامة",
                "ruling_document": "UERGLTEuNA==",
                "agreed_amount": 1000,
            }
        )
        for user in (self.manager, self.finance, self.committee_member):
            with self.subTest(user=user.login):
                self.assertRefused(compensation, user, {"state": "agreed"})
                self.assertRefused(compensation, user, {"acceptance_date": fields.Datetime.now()})
        compensation.action_record_evidence()
        compensation.action_start_negotiation()
        compensation.write(
            {
                "negotiation_ids": [(0, 0, {"summary": "اتفاق ودي", "offered_amount": 1000})],
                "acceptance_signer": "خالد",
                "acceptance_signature": self.PIXEL,
            }
        )
        compensation.action_agree()
        self.assertEqual(compensation.state, "agreed")
        # What was accepted stays as accepted.
        with self.assertRaisesRegex(UserError, REFUSED):
            compensation.with_user(self.manager).write({"agreed_amount": 50000})
        with self.assertRaisesRegex(UserError, REFUSED):
            compensation.with_user(self.manager).write({"ground": "association_harm"})
        self.assertEqual(compensation.agreed_amount, 1000)

    def test_policy_state_refused(self):
        policy = self.env["beneficiary.policy"].create({"name": "سياسة", "version": "9.9"})
        hr_manager = role_user(self.env, "br_hr_wf", "hr.group_hr_manager")
        for user in (self.manager, hr_manager):
            with self.subTest(user=user.login):
                self.assertRefused(policy, user, {"state": "published"})

    def test_superuser_paths_keep_working(self):
        request = self.create_request()
        request.write({"state": "complete"})
        self.assertEqual(request.state, "complete")


@tagged("post_install", "-at_install")
class TestNoDoublePayment(DisbursementCase):
    """Every path that paid the same approved aid twice, tried as finance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls.approved_request(4000)

    def _confirmed(self, amount=3000):
        disbursement = self.Disbursement.with_user(self.finance).create(
            {"request_id": self.request.id, "amount": amount}
        )
        disbursement.action_confirm()
        return disbursement

    def _posted_total(self):
        bills = self.Disbursement.search([("request_id", "=", self.request.id)]).move_id
        return sum(bills.filtered(lambda bill: bill.state == "posted").mapped("amount_total"))

    def test_state_back_to_draft_or_cancelled_is_refused(self):
        disbursement = self._confirmed()
        as_finance = disbursement.with_user(self.finance)
        for vals in (
            {"state": "draft"},
            {"state": "cancelled"},
            {"move_id": False},
            {"instalment": 0},
            {"confirmed_by_id": self.manager.id},
        ):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(UserError, REFUSED):
                    as_finance.write(vals)
        self.assertEqual(disbursement.state, "confirmed")
        with self.assertRaisesRegex(UserError, "Only a draft"):
            as_finance.action_confirm()
        second = self.Disbursement.with_user(self.finance).create(
            {"request_id": self.request.id, "amount": 3000}
        )
        with self.assertRaisesRegex(UserError, "exceed the approved amount"):
            second.action_confirm()
        self.assertEqual(self._posted_total(), 3000)
        self.assertEqual(self.request.remaining_amount, 1000)

    def test_created_confirmed_is_refused(self):
        with self.assertRaisesRegex(UserError, REFUSED):
            self.Disbursement.with_user(self.finance).create(
                {"request_id": self.request.id, "amount": 3000, "state": "confirmed"}
            )

    def test_bill_cannot_be_reset_or_cancelled_in_accounting(self):
        disbursement = self._confirmed()
        bill = disbursement.move_id.with_user(self.finance)
        with self.assertRaisesRegex(UserError, "cancel the disbursement instead"):
            bill.button_draft()
        with self.assertRaisesRegex(UserError, "cancel the disbursement instead"):
            bill.button_cancel()
        with self.assertRaisesRegex(UserError, "cancel the disbursement instead"):
            bill.write({"state": "cancel"})
        self.assertEqual(disbursement.move_id.state, "posted")

    def test_cancelling_cancels_the_bill_and_frees_the_amount(self):
        disbursement = self._confirmed()
        disbursement.with_user(self.finance).action_cancel()
        self.assertEqual(disbursement.state, "cancelled")
        self.assertEqual(disbursement.move_id.state, "cancel")
        self.assertEqual(self.request.disbursed_amount, 0)
        self.assertEqual(self.request.remaining_amount, 4000)
        again = self._confirmed(4000)
        self.assertEqual(again.state, "confirmed")
        self.assertEqual(self._posted_total(), 4000)
        with self.assertRaisesRegex(UserError, "exceed the approved amount"):
            self._confirmed(1)

    def test_counters_of_the_request_are_refused(self):
        self._confirmed()
        with self.assertRaisesRegex(UserError, REFUSED):
            self.request.with_user(self.finance).write({"disbursed_amount": 0})
        with self.assertRaisesRegex(UserError, REFUSED):
            self.request.with_user(self.manager).write(
                {"disbursed_amount": 0, "disbursement_cap": 10**6}
            )
        self.assertEqual(self.request.disbursed_amount, 3000)

    def test_raising_the_decision_after_minutes_is_refused(self):
        decision = self.request.decision_id
        for user in (self.manager, self.committee_member):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    decision.with_user(user).write({"locked": False})
                with self.assertRaises(UserError):
                    decision.with_user(user).write({"approved_amount": 10000})
        self.assertEqual(self.request.approved_amount, 4000)

    def test_no_payment_before_the_minutes_are_approved(self):
        request = self.to_committee(self.create_request())
        meeting = self.meeting()
        self.decide(request, meeting=meeting, approved_amount=2000)
        self.assertEqual(request.state, "approved")
        with self.assertRaisesRegex(ValidationError, "approved its minutes"):
            self.Disbursement.with_user(self.finance).create(
                {"request_id": request.id, "amount": 2000}
            )


@tagged("post_install", "-at_install")
class TestBeneficiaryPrivacy(DisbursementCase):
    """Who is a beneficiary, and their sensitive data, stay with the module's staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.exporter = role_user(
            cls.env, "br_exporter", "base.group_user", "base.group_allow_export"
        )
        cls.beneficiary.write({"health_notes": "مرض مزمن", "has_chronic_disease": True})
        cls.request = cls.approved_request(1000)

    def test_partner_searches_tell_nothing_to_outsiders(self):
        for user in (self.internal_user, self.exporter):
            Partner = self.env["res.partner"].with_user(user)
            with self.subTest(user=user.login):
                for domain in (
                    [("beneficiary_ids", "!=", False)],
                    [("beneficiary_ids", "=", False)],
                    [("beneficiary_ids.national_id", "=", self.beneficiary.national_id)],
                    ["|", ("name", "=", "x"), ("beneficiary_ids", "any", [])],
                    [("child_ids.beneficiary_ids", "!=", False)],
                    [("beneficiary_count", ">", 0)],
                ):
                    with self.assertRaises(AccessError):
                        Partner.search(domain)
                with self.assertRaises(AccessError):
                    Partner.name_search("", [("beneficiary_ids", "!=", False)])
                with self.assertRaises(AccessError):
                    Partner.search_read([("beneficiary_ids", "!=", False)], ["name", "mobile"])
                with self.assertRaises(AccessError):
                    Partner.read_group([], ["id:count"], ["beneficiary_ids"])
                with self.assertRaises(AccessError):
                    Partner.search_count([("beneficiary_ids", "!=", False)])
                with self.assertRaises(AccessError):
                    self.beneficiary.partner_id.with_user(user).read(["beneficiary_ids"])
        with self.assertRaises(AccessError):
            self.beneficiary.partner_id.with_user(self.exporter).export_data(
                ["name", "beneficiary_ids/national_id"]
            )
        # The module's staff still find them.
        found = (
            self.env["res.partner"]
            .with_user(self.officer)
            .search([("beneficiary_ids", "!=", False)])
        )
        self.assertIn(self.beneficiary.partner_id, found)

    def test_finance_sees_the_payee_not_the_social_file(self):
        file = self.beneficiary.with_user(self.finance)
        values = file.read(["name", "national_id", "bank_iban", "partner_id"])[0]
        self.assertEqual(values["name"], self.beneficiary.name)
        request = self.request.with_user(self.finance)
        self.assertEqual(request.read(["approved_amount"])[0]["approved_amount"], 1000)
        self.assertTrue(request.decision_id.read(["name", "approved_amount"]))
        for name in (
            "health_notes",
            "has_chronic_disease",
            "marital_status",
            "monthly_income",
            "income_line_ids",
            "housing_type",
        ):
            with self.subTest(field=name):
                with self.assertRaises(AccessError):
                    file.read([name])
        Beneficiary = self.Beneficiary.with_user(self.finance)
        with self.assertRaises(AccessError):
            Beneficiary.search([("has_chronic_disease", "=", True)])
        with self.assertRaises(AccessError):
            Beneficiary.search([("health_notes", "ilike", "مرض")])
        with self.assertRaises(AccessError):
            Beneficiary.read_group([], ["id:count"], ["marital_status"])
        fields_seen = Beneficiary.fields_get()
        self.assertNotIn("health_notes", fields_seen)
        self.assertIn("bank_iban", fields_seen)
        # The form opens for finance without the hidden fields.
        arch = Beneficiary.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="health_notes"', arch)
        # The staff who study the file still read it.
        self.assertTrue(
            self.beneficiary.with_user(self.officer).read(["health_notes"])[0]["health_notes"]
        )

    def test_duplicate_message_names_only_a_readable_file(self):
        hidden = self.create_beneficiary()
        assigned = self.create_beneficiary(researcher_id=self.researcher.id)
        with self.assertRaises(ValidationError) as caught:
            assigned.with_user(self.researcher).write({"national_id": hidden.national_id})
        self.assertNotIn(hidden.reference, str(caught.exception))
        self.assertIn("cannot open", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.create_beneficiary(user=self.officer, national_id=hidden.national_id)
        self.assertIn(hidden.reference, str(caught.exception))


@tagged("post_install", "-at_install")
class TestPortalDataUpdateLimit(ComplaintCase):
    def test_one_open_data_update_request(self):
        beneficiary = self.beneficiary.sudo()
        first = beneficiary._request_data_update({"city": "الخرج"})
        self.assertEqual(first.kind, "data_update")
        with self.assertRaisesRegex(UserError, first.name):
            beneficiary._request_data_update({"city": "جدة"})
        self.assertEqual(
            self.Request.search_count(
                [("beneficiary_id", "=", beneficiary.id), ("kind", "=", "data_update")]
            ),
            1,
        )
        # Once answered, another change can be asked for.
        first.action_apply_data_update()
        second = beneficiary._request_data_update({"city": "جدة"})
        self.assertNotEqual(second, first)


@tagged("post_install", "-at_install")
class TestWorkflowOverJsonRpc(HttpCase):
    """An RPC client gets the same refusals as the ORM: the context proves nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Each logs in with its login as password.
        for login, role in (
            ("rpc_officer", "officer"),
            ("rpc_manager", "manager"),
            ("rpc_internal", "base.group_user"),
        ):
            role_user(cls.env, login, role)
        cls.beneficiary = cls.env["beneficiary.beneficiary"].create(
            {
                "name": "هند سالم الغامدي",
                "national_id": valid_national_id(),
                "category_id": cls.env.ref("beneficiary_relations.category_widow").id,
            }
        )
        cls.request = cls.env["beneficiary.request"].create(
            {
                "type_id": cls.env.ref("beneficiary_relations.request_type_inquiry").id,
                "beneficiary_id": cls.beneficiary.id,
                "channel_id": cls.env.ref("beneficiary_relations.channel_phone").id,
            }
        )

    def call_kw(self, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_rpc_writes_are_refused(self):
        for login in ("rpc_officer", "rpc_manager"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                for context in ({}, {"workflow": True, "install_mode": True}):
                    answer = self.call_kw(
                        "beneficiary.request",
                        "write",
                        [[self.request.id], {"state": "closed"}],
                        {"context": context},
                    )
                    self.assertIn("error", answer)
                    self.assertIn(REFUSED, answer["error"]["data"]["message"])
                answer = self.call_kw(
                    "beneficiary.request",
                    "create",
                    [
                        {
                            "type_id": self.request.type_id.id,
                            "beneficiary_id": self.beneficiary.id,
                            "channel_id": self.request.channel_id.id,
                            "state": "closed",
                        }
                    ],
                )
                self.assertIn(REFUSED, answer["error"]["data"]["message"])
        self.assertEqual(self.request.state, "received")
        # The transition itself works over RPC.
        self.authenticate("rpc_officer", "rpc_officer")
        self.call_kw("beneficiary.request", "write", [[self.request.id], {"inquiry_answer": "نعم"}])
        answer = self.call_kw("beneficiary.request", "action_answer_inquiry", [[self.request.id]])
        self.assertNotIn("error", answer)
        self.assertIn("result", answer)
        self.assertEqual(self.request.state, "closed")

    def test_rpc_partner_search_tells_nothing(self):
        self.authenticate("rpc_internal", "rpc_internal")
        answer = self.call_kw(
            "res.partner",
            "search_read",
            [[("beneficiary_ids", "!=", False)]],
            {"fields": ["name", "mobile"]},
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertNotIn("result", answer)
        answer = self.call_kw(
            "res.partner",
            "name_search",
            [],
            {"name": "", "args": [("beneficiary_ids", "!=", False)]},
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
