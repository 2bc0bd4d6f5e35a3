from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .test_program import ProgramCase

REFUSED = "can only be changed with"


@tagged("post_install", "-at_install")
class TestEnrolmentCreation(ProgramCase):
    """An enrolment created directly is always the evaluation's result."""

    def test_direct_create_evaluates_the_rules(self):
        Enrolment = self.env["beneficiary.program.enrolment"].with_user(self.officer)
        rich, poorer = Enrolment.create(
            [
                {"program_id": self.program.id, "beneficiary_id": self.rich.id},
                {"program_id": self.program.id, "beneficiary_id": self.poorer.id},
            ]
        )
        self.assertEqual(rich.beneficiary_id, self.rich, "returned in the order asked")
        self.assertEqual(rich.state, "not_eligible")
        self.assertIn("800", rich.reasons)
        self.assertTrue(rich.result_ids.filtered(lambda result: not result.passed))
        self.assertTrue(rich.eligibility_date)
        self.assertFalse(rich.enrolled_date)
        self.assertEqual(poorer.state, "enrolled")
        self.assertTrue(poorer.enrolled_date)
        self.assertTrue(poorer.result_ids)
        self.assertTrue(all(poorer.result_ids.mapped("passed")))

    def test_rpc_create_cannot_choose_the_state(self):
        Enrolment = self.env["beneficiary.program.enrolment"].with_user(self.manager)
        for vals in (
            {"state": "enrolled"},
            {"state": "not_eligible"},
            {"needs_review": True},
            {"need_score": 99.0},
            {"reasons": "لا شيء"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, REFUSED):
                Enrolment.create(
                    dict(vals, program_id=self.program.id, beneficiary_id=self.rich.id)
                )
        self.assertFalse(
            Enrolment.sudo().search([("beneficiary_id", "=", self.rich.id)]),
            "nothing half-saved",
        )
        # ``default_state`` from the caller's context chooses nothing either.
        enrolment = Enrolment.with_context(
            default_state="enrolled", default_needs_review=True
        ).create({"program_id": self.program.id, "beneficiary_id": self.rich.id})
        self.assertEqual(enrolment.state, "not_eligible")
        self.assertFalse(enrolment.needs_review)

    def test_write_of_state_program_or_file_is_refused(self):
        enrolment = (
            self.env["beneficiary.program.enrolment"]
            .with_user(self.officer)
            .create({"program_id": self.program.id, "beneficiary_id": self.rich.id})
        )
        for vals in (
            {"state": "enrolled"},
            {"beneficiary_id": self.poorer.id},
            {"needs_review": True},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, REFUSED):
                enrolment.with_user(self.manager).write(vals)
        self.assertEqual(enrolment.state, "not_eligible")
        self.assertEqual(enrolment.beneficiary_id, self.rich)

    def test_refused_creations(self):
        Enrolment = self.env["beneficiary.program.enrolment"]
        vals = {"program_id": self.program.id, "beneficiary_id": self.poorer.id}
        with self.assertRaises(AccessError):
            Enrolment.with_user(self.researcher).create(vals)
        Enrolment.with_user(self.officer).create(vals)
        with self.assertRaisesRegex(ValidationError, "only once"):
            Enrolment.with_user(self.officer).create(vals)
        with self.assertRaisesRegex(ValidationError, "only once"):
            Enrolment.with_user(self.officer).create(
                [
                    {"program_id": self.program.id, "beneficiary_id": self.rich.id},
                    {"program_id": self.program.id, "beneficiary_id": self.rich.id},
                ]
            )
        with self.assertRaisesRegex(ValidationError, "needs an aid program"):
            Enrolment.with_user(self.officer).create({"program_id": self.program.id})
        self.program.with_user(self.manager).action_close()
        with self.assertRaisesRegex(UserError, "is closed"):
            Enrolment.with_user(self.officer).create(
                {"program_id": self.program.id, "beneficiary_id": self.divorcee.id}
            )


@tagged("post_install", "-at_install")
class TestEnrolmentRpc(HttpCase, ProgramCase):
    """The same through the web client's JSON-RPC, as an officer."""

    def call_kw(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/beneficiary.program.enrolment/{method}",
            {
                "model": "beneficiary.program.enrolment",
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def test_json_rpc_create_and_write(self):
        self.authenticate(self.officer.login, self.officer.login)
        vals = {"program_id": self.program.id, "beneficiary_id": self.rich.id}
        with mute_logger("odoo.http"), self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.call_kw("create", [dict(vals, state="enrolled")])
        Enrolment = self.env["beneficiary.program.enrolment"]
        self.assertFalse(Enrolment.search([("beneficiary_id", "=", self.rich.id)]))
        created = self.call_kw("create", [vals], {"context": {"default_state": "enrolled"}})
        enrolment = Enrolment.browse(created)
        self.assertEqual(enrolment.state, "not_eligible", "the rules decided, not the caller")
        with mute_logger("odoo.http"), self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.call_kw("write", [enrolment.ids, {"state": "enrolled"}])
        enrolment.invalidate_recordset()
        self.assertEqual(enrolment.state, "not_eligible")
