import uuid

from odoo.tests.common import tagged
from odoo.tools import mute_logger

from .common import valid_national_id
from .common_concurrency import TwoTransactionsCase

ROUNDS = 25
APPROVED = 1000.0
EACH = 600.0  # two of these cannot both fit in the approved amount

PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestDisbursementConcurrency(TwoTransactionsCase):
    """Two finance users confirm a payment of the same aid at the same moment,
    in two real transactions: exactly one of them pays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.superuser_env() as env:
            cls.request_id = cls._approved_request(env).id
            cls.finance_ids = cls.create_users(
                env, "race_finance", 2, "beneficiary_relations.group_beneficiary_finance"
            ).ids

    @classmethod
    def _approved_request(cls, env):
        admin = env.ref("base.user_admin")
        committee = env["beneficiary.committee"].create(
            {
                "name": "لجنة اختبار التزامن",
                "kind": "social_research",
                "member_ids": [(6, 0, admin.ids)],
                "quorum": 1,
            }
        )
        cls.created["committee"] = committee.id
        aid_type = env["beneficiary.request.type"].create(
            {
                "name": "مساعدة اختبار التزامن",
                "code": f"test_concurrency_{uuid.uuid4().hex[:8]}",
                "kind": "aid",
                "committee_id": committee.id,
                "sla_days": 15,
                "required_document_type_ids": [(6, 0, [])],
            }
        )
        cls.created["type"] = aid_type.id
        beneficiary = env["beneficiary.beneficiary"].create(
            {
                "name": "مستفيدة اختبار التزامن",
                "national_id": valid_national_id("2"),
                "category_id": env.ref("beneficiary_relations.category_widow").id,
                "marital_status": "widowed",
            }
        )
        cls.created["beneficiary"] = beneficiary.id
        cls.created["partner"] = beneficiary.partner_id.id
        beneficiary.action_record_consent()
        beneficiary.action_activate()
        request = env["beneficiary.request"].create(
            {
                "type_id": aid_type.id,
                "beneficiary_id": beneficiary.id,
                "applicant_national_id": beneficiary.national_id,
                "channel_id": env.ref("beneficiary_relations.channel_hq_interview").id,
                "requested_amount": APPROVED,
                "aid_kind": "financial",
            }
        )
        cls.created["request"] = request.id
        request.action_mark_complete()
        request._sign_declaration("مستفيدة اختبار التزامن", PIXEL)
        request.action_submit_to_committee()
        meeting = env["beneficiary.committee.meeting"].create(
            {"committee_id": committee.id, "attendee_ids": [(6, 0, admin.ids)]}
        )
        cls.created["meeting"] = meeting.id
        env["beneficiary.committee.decision"].create(
            {
                "meeting_id": meeting.id,
                "request_id": request.id,
                "outcome": "approve",
                "approved_amount": APPROVED,
            }
        )
        # Aid is paid once the committee has approved the minutes of its decision.
        meeting.action_hold()
        meeting.with_user(admin).action_approve_minutes()
        assert request.state == "approved" and request.approved_amount == APPROVED
        return request

    @classmethod
    def delete_created(cls, env):
        cr = env.cr
        request_id = cls.created.get("request")
        if request_id:
            disbursements = env["beneficiary.disbursement"].search(
                [("request_id", "=", request_id)]
            )
            moves = disbursements.move_id
            moves.filtered(lambda move: move.state == "posted").button_cancel()
            moves.with_context(force_delete=True).unlink()
            cr.execute("DELETE FROM beneficiary_disbursement WHERE request_id = %s", [request_id])
            cr.execute(
                "DELETE FROM beneficiary_committee_decision WHERE request_id = %s", [request_id]
            )
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = 'beneficiary.request' AND res_id = %s",
                [request_id],
            )
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'beneficiary.request' AND res_id = %s",
                [request_id],
            )
            cr.execute("DELETE FROM beneficiary_request WHERE id = %s", [request_id])
        for table, key in (
            ("beneficiary_committee_meeting", "meeting"),
            ("beneficiary_request_type", "type"),
            ("beneficiary_committee", "committee"),
        ):
            if cls.created.get(key):
                cr.execute(f"DELETE FROM {table} WHERE id = %s", [cls.created[key]])  # noqa: S608
        if cls.created.get("beneficiary"):
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'beneficiary.beneficiary' AND res_id = %s",
                [cls.created["beneficiary"]],
            )
            cr.execute(
                "DELETE FROM beneficiary_beneficiary WHERE id = %s",
                [cls.created["beneficiary"]],
            )
        cls.unlink_partners(env["res.partner"].browse(cls.created.get("partner", [])))
        cls.delete_users(env)

    def _drafts(self):
        with self.superuser_env() as env:
            drafts = env["beneficiary.disbursement"].create(
                [{"request_id": self.request_id, "amount": EACH} for _index in range(2)]
            )
            return drafts.ids

    def _reset(self):
        """Cancel what was paid in the round so the next round starts from zero."""
        with self.superuser_env() as env:
            env["beneficiary.disbursement"].search(
                [("request_id", "=", self.request_id), ("state", "in", ("draft", "confirmed"))]
            ).action_cancel()

    @mute_logger("odoo.sql_db")
    def test_two_finance_users_pay_once(self):
        for round_number in range(ROUNDS):
            # Both transactions take their snapshot before either confirms.
            results = self.race(
                "beneficiary.disbursement",
                self._drafts(),
                "action_confirm",
                (
                    "SELECT disbursed_amount FROM beneficiary_request WHERE id = %s",
                    [self.request_id],
                ),
                user_ids=self.finance_ids,
            )
            self.assertEqual(sum(results), 1, f"round {round_number}: {results}")
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT COALESCE(SUM(amount), 0), COUNT(*) FROM beneficiary_disbursement "
                    "WHERE request_id = %s AND state = 'confirmed'",
                    [self.request_id],
                )
                total, count = cr.fetchone()
                cr.execute(
                    "SELECT disbursed_amount FROM beneficiary_request WHERE id = %s",
                    [self.request_id],
                )
                (disbursed,) = cr.fetchone()
            self.assertEqual(count, 1, f"round {round_number}")
            self.assertEqual(float(total), EACH)
            self.assertEqual(float(disbursed), EACH)
            self.assertLessEqual(float(total), APPROVED)
            self._reset()
