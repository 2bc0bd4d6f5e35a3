import uuid

import psycopg2

from odoo.tests.common import tagged
from odoo.tools import mute_logger

from .common import valid_national_id
from .common_concurrency import TwoTransactionsCase

ROUNDS = 10
AMOUNT = 100.0
FILES = 3


@tagged("post_install", "-at_install")
class TestProgramCycleConcurrency(TwoTransactionsCase):
    """Two sessions generate cycles of the same program at the same moment, in two
    real transactions: the budget, which fits one cycle, is never exceeded."""

    # The budget's CHECK constraint may be what stops the second session.
    REFUSALS = (
        *TwoTransactionsCase.REFUSALS,
        psycopg2.errors.CheckViolation,
        psycopg2.errors.UniqueViolation,
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.superuser_env() as env:
            beneficiaries = env["beneficiary.beneficiary"].create(
                [
                    {
                        "name": f"مستفيدة اختبار تزامن البرامج {index}",
                        "national_id": valid_national_id("2"),
                        "category_id": env.ref("beneficiary_relations.category_widow").id,
                        "state": "active",
                        "consent_date": "2026-01-01 08:00:00",
                    }
                    for index in range(FILES)
                ]
            )
            cls.created["beneficiaries"] = beneficiaries.ids
            cls.created["partners"] = beneficiaries.partner_id.ids
            code = f"CONC{uuid.uuid4().hex[:8]}"
            program = env["beneficiary.program"].create(
                {
                    "name": code,
                    "code": code,
                    "amount": AMOUNT,
                    "budget_amount": AMOUNT * FILES,
                    "state": "active",
                }
            )
            cls.created["program"] = program.id
            program._enrol(beneficiaries)

    @classmethod
    def delete_created(cls, env):
        cr = env.cr
        program_id = cls.created.get("program")
        if program_id:
            # The payments of the cycles: disbursements, their bills and chatter.
            cr.execute(
                "SELECT id, move_id FROM beneficiary_disbursement WHERE program_id = %s",
                [program_id],
            )
            rows = cr.fetchall()
            disbursement_ids = tuple(row[0] for row in rows) or (0,)
            move_ids = tuple(row[1] for row in rows if row[1]) or (0,)
            cr.execute(
                "DELETE FROM mail_message WHERE (model = 'beneficiary.disbursement' "
                "AND res_id IN %s) OR (model = 'account.move' AND res_id IN %s)",
                [disbursement_ids, move_ids],
            )
            cr.execute(
                "DELETE FROM mail_followers WHERE (res_model = 'beneficiary.disbursement' "
                "AND res_id IN %s) OR (res_model = 'account.move' AND res_id IN %s)",
                [disbursement_ids, move_ids],
            )
            cr.execute("DELETE FROM beneficiary_disbursement WHERE id IN %s", [disbursement_ids])
            cr.execute("DELETE FROM account_move_line WHERE move_id IN %s", [move_ids])
            cr.execute("DELETE FROM account_move WHERE id IN %s", [move_ids])
            cr.execute(
                "DELETE FROM beneficiary_program_entitlement WHERE program_id = %s",
                [program_id],
            )
            cr.execute(
                "DELETE FROM mail_message WHERE model IN ('beneficiary.program', "
                "'beneficiary.program.cycle', 'beneficiary.program.enrolment')"
                " AND res_id IN (SELECT id FROM beneficiary_program_cycle "
                "WHERE program_id = %s UNION SELECT %s)",
                [program_id, program_id],
            )
            cr.execute("DELETE FROM beneficiary_program_cycle WHERE program_id = %s", [program_id])
            cr.execute(
                "DELETE FROM beneficiary_program_enrolment WHERE program_id = %s",
                [program_id],
            )
            cr.execute("DELETE FROM beneficiary_program WHERE id = %s", [program_id])
        if cls.created.get("beneficiaries"):
            ids = tuple(cls.created["beneficiaries"])
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'beneficiary.beneficiary' AND res_id IN %s",
                [ids],
            )
            cr.execute("DELETE FROM beneficiary_income WHERE beneficiary_id IN %s", [ids])
            cr.execute("DELETE FROM beneficiary_beneficiary WHERE id IN %s", [ids])
        cls.unlink_partners(env["res.partner"].browse(cls.created.get("partners", [])))

    def _cycles(self, round_number):
        with self.superuser_env() as env:
            cycles = env["beneficiary.program.cycle"].create(
                [
                    {
                        "program_id": self.created["program"],
                        "date_start": f"20{30 + round_number}-0{month}-01",
                    }
                    for month in (1, 2)
                ]
            )
            return cycles.ids

    def _reset(self):
        with self.superuser_env() as env:
            env["beneficiary.program.cycle"].search(
                [("program_id", "=", self.created["program"]), ("state", "!=", "cancelled")]
            ).action_cancel()

    def _committed(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT COALESCE(SUM(amount), 0), COUNT(*) FROM beneficiary_program_entitlement "
                "WHERE program_id = %s AND state != 'cancelled'",
                [self.created["program"]],
            )
            return cr.fetchone()

    @mute_logger("odoo.sql_db")
    def test_two_sessions_never_exceed_the_budget(self):
        for round_number in range(ROUNDS):
            # Both transactions take their snapshot before either generates.
            results = self.race(
                "beneficiary.program.cycle",
                self._cycles(round_number),
                "action_generate",
                (
                    "SELECT committed_amount FROM beneficiary_program WHERE id = %s",
                    [self.created["program"]],
                ),
            )
            total, count = self._committed()
            self.assertEqual(results.count(True), 1, f"round {round_number}: {results}")
            self.assertEqual(count, FILES)
            self.assertEqual(total, AMOUNT * FILES)
            self._reset()

    @mute_logger("odoo.sql_db")
    def test_two_sessions_pay_a_cycle_once(self):
        for round_number in range(3):
            with self.superuser_env() as env:
                cycle = env["beneficiary.program.cycle"].create(
                    {
                        "program_id": self.created["program"],
                        "date_start": f"205{round_number}-01-01",
                    }
                )
                cycle.action_generate()
                cycle.action_approve()
                cycle_id = cycle.id
            # What the scheduled job runs, batch by batch, in each worker.
            results = self.race(
                "beneficiary.program.cycle",
                (cycle_id, cycle_id),
                "_pay_batch",
                (
                    "SELECT committed_amount FROM beneficiary_program WHERE id = %s",
                    [self.created["program"]],
                ),
            )
            self.assertEqual(results.count(True), 1, f"round {round_number}: {results}")
            with self.superuser_env() as env:
                env.cr.execute(
                    "SELECT COUNT(*), COUNT(DISTINCT entitlement.beneficiary_id), "
                    "COUNT(DISTINCT disbursement.move_id), COALESCE(SUM(disbursement.amount), 0) "
                    "FROM beneficiary_disbursement disbursement "
                    "JOIN beneficiary_program_entitlement entitlement "
                    "ON entitlement.id = disbursement.entitlement_id "
                    "WHERE entitlement.cycle_id = %s",
                    [cycle_id],
                )
                self.assertEqual(env.cr.fetchone(), (FILES, FILES, FILES, AMOUNT * FILES))
                cycle = env["beneficiary.program.cycle"].browse(cycle_id)
                self.assertEqual(cycle.state, "paid")
                # Give the budget back for the next round.
                env["beneficiary.disbursement"].search(
                    [("entitlement_id.cycle_id", "=", cycle_id)]
                ).action_cancel()
