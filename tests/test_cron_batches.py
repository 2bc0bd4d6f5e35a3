from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import RequestCase
from .test_policy import PolicyCase
from .test_program import ProgramCase


class ScheduledJobMixin:
    def run_scheduled(self, cron_xmlid, job, batch_size):
        """Call ``job`` as the scheduler does: with a new progress record each
        time, again while the previous call reported records remaining. Returns
        the (done, remaining) reported by every call."""
        cron = self.env.ref(cron_xmlid)
        reports = []
        for _call in range(50):
            progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
            scheduled = job.__self__.with_context(cron_id=cron.id, ir_cron_progress_id=progress.id)
            getattr(scheduled, job.__name__)(batch_size=batch_size)
            reports.append((progress.done, progress.remaining))
            if not progress.done or not progress.remaining:
                return reports
        self.fail("the job never reported that nothing remains")


@tagged("post_install", "-at_install")
class TestEscalationInBatches(ScheduledJobMixin, RequestCase):
    def test_batches_cover_every_overdue_request_once(self):
        with freeze_time("2026-11-01 07:00:00"):
            overdue = self.Request
            for _index in range(5):
                overdue |= self.complete_request(self.create_request())
        self.env.company.beneficiary_escalation_user_id = self.manager
        escalation = self.env.ref("beneficiary_relations.mail_activity_type_escalation")
        cron = "beneficiary_relations.ir_cron_escalate_overdue_requests"
        with freeze_time("2026-11-23 09:00:00"):
            reports = self.run_scheduled(cron, self.Request._cron_escalate_overdue, 2)
            self.assertEqual(reports, [(2, 3), (2, 1), (1, 0)])
            self.assertEqual(
                self.run_scheduled(cron, self.Request._cron_escalate_overdue, 2), [(0, 0)]
            )
        self.assertTrue(all(overdue.mapped("escalated_date")))
        for request in overdue:
            activities = request.activity_ids.filtered(
                lambda activity: activity.activity_type_id == escalation
            )
            self.assertEqual(len(activities), 1, "escalated once, in one batch only")

    def test_run_outside_the_scheduler_does_every_batch(self):
        with freeze_time("2026-11-01 07:00:00"):
            overdue = self.complete_request(self.create_request())
            overdue |= self.complete_request(self.create_request())
            overdue |= self.complete_request(self.create_request())
        with freeze_time("2026-11-23 09:00:00"):
            self.Request._cron_escalate_overdue(batch_size=2)
        self.assertTrue(all(overdue.mapped("escalated_date")))


@tagged("post_install", "-at_install")
class TestReevaluationInBatches(ScheduledJobMixin, ProgramCase):
    def test_batches_flag_every_due_file_once(self):
        today = fields.Date.today()
        self.Beneficiary.search([("state", "=", "active")]).income_verified_date = today
        stale = self.Beneficiary
        for _index in range(3):
            stale |= self.registered(income=300)
        stale.income_verified_date = today - relativedelta(months=13)
        cron = "beneficiary_relations.ir_cron_flag_reevaluation"
        job = self.Beneficiary._cron_flag_reevaluation
        reports = self.run_scheduled(cron, job, 2)
        total = sum(reports[0])
        self.assertGreaterEqual(total, 3)
        self.assertEqual(len(reports), (total + 1) // 2)
        remaining = total
        for done, left in reports:
            self.assertEqual((done, left), (min(2, remaining), max(remaining - 2, 0)))
            remaining = left
        self.assertTrue(all(stale.mapped("reevaluation_date")))
        tasks = self.env["mail.activity"].search(
            [("res_model", "=", "beneficiary.beneficiary"), ("res_id", "in", stale.ids)]
        )
        self.assertEqual(len(tasks), 3)
        self.assertEqual(self.run_scheduled(cron, job, 2), [(0, 0)])


@tagged("post_install", "-at_install")
class TestRemindersInBatches(ScheduledJobMixin, PolicyCase):
    def test_batches_remind_every_employee_once(self):
        with freeze_time("2026-01-01"):
            policy = self.published_policy()
        self.env.cr.execute(
            "UPDATE beneficiary_policy_acknowledgement SET create_date = '2026-01-01 08:00' "
            "WHERE policy_id = %s",
            [policy.id],
        )
        policy.acknowledgement_ids.invalidate_recordset(["create_date"])
        pending = policy.acknowledgement_ids
        self.assertEqual(len(pending), 3)
        cron = "beneficiary_relations.ir_cron_policy_acknowledgement_reminders"
        job = self.env["beneficiary.policy.acknowledgement"]._cron_send_reminders
        with freeze_time("2026-01-08"):
            self.assertEqual(self.run_scheduled(cron, job, 2), [(2, 1), (1, 0)])
            self.assertEqual(self.run_scheduled(cron, job, 2), [(0, 0)])
        self.assertEqual(pending.mapped("reminder_count"), [1, 1, 1])
