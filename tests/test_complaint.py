from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import new_test_user, warmup

from ..models.beneficiary_workflow_guard_mixin import workflow_block
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintFlow(ComplaintCase):
    def test_acknowledged_on_the_agreed_channel(self):
        complaint = self.create_complaint(user=self.officer)
        self.assertRegex(complaint.name, r"^CMP/\d{4}/\d{5}$")
        self.assertEqual(complaint.partner_id, self.beneficiary.partner_id)
        self.assertEqual(complaint.answer_channel_id, self.channel_email)
        self.assertEqual(complaint.committee_id, self.follow_up)
        complaint.with_user(self.officer).action_acknowledge()
        self.assertEqual(complaint.state, "acknowledged")
        self.assertTrue(complaint.acknowledged_date)
        mail = complaint.message_ids.filtered(
            lambda m: m.message_type == "comment" and complaint.partner_id in m.partner_ids
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(complaint.name, mail.subject)
        log = complaint.message_ids.filtered(lambda m: "Complainant informed by" in (m.body or ""))
        self.assertIn(self.channel_email.name, log.body)

    def test_acknowledgement_by_sms(self):
        self.beneficiary.preferred_channel_id = self.channel_sms
        complaint = self.create_complaint()
        complaint.action_acknowledge()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.beneficiary.partner_id.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn(complaint.name, sms.body)

    def test_anonymous_complaint_gets_no_personal_reply(self):
        anonymous = self.create_complaint(is_anonymous=True, beneficiary_id=False)
        self.assertFalse(anonymous.partner_id)
        self.assertFalse(anonymous.answer_channel_id)
        anonymous.action_acknowledge()
        self.assertFalse(anonymous.message_ids.filtered(lambda m: m.message_type == "comment"))
        self.assertTrue(
            anonymous.message_ids.filtered(lambda m: "no personal reply" in (m.body or ""))
        )
        with self.assertRaisesRegex(ValidationError, "cannot name the complainant"):
            anonymous.partner_id = self.beneficiary.partner_id
        with self.assertRaisesRegex(ValidationError, "or mark the complaint as anonymous"):
            self.create_complaint(beneficiary_id=False)
        with self.assertRaisesRegex(UserError, "cannot lead to compensation"):
            anonymous.action_open_compensation()

    def test_settle_reject_escalate_and_close(self):
        complaint = self.reviewed_complaint()
        self.assertEqual(complaint.state, "review")
        self.assertTransitionNeeds(
            complaint,
            "action_resolve",
            "amicable settlement",
            {"resolution": "اعتذار وتسريع دراسة الطلب خلال ثلاثة أيام"},
            "resolved",
        )
        self.assertTrue(complaint.resolved_date)
        self.assertTransitionNeeds(
            self.reviewed_complaint(),
            "action_reject",
            "reasons of the rejection",
            {"rejection_reason": "الطلب رُفض وفق معايير اللجنة المعتمدة"},
            "rejected",
        )
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            self.reviewed_complaint().action_close()
        escalated = self.reviewed_complaint()
        wizard_action = escalated.with_user(self.manager).action_escalate()
        wizard = (
            self.env["beneficiary.reason.wizard"]
            .with_context(**wizard_action["context"])
            .create({"reason": "تكرار الشكوى من نفس الموظف"})
        )
        wizard.action_confirm()
        self.assertEqual(escalated.state, "escalated")
        self.assertTrue(escalated.escalated_date)
        escalation = self.env.ref("beneficiary_relations.mail_activity_type_escalation")
        self.assertTrue(escalated.activity_ids.filtered(lambda a: a.activity_type_id == escalation))

    def test_reason_wizard_only_runs_whitelisted_steps(self):
        complaint = self.reviewed_complaint()
        wizard = self.env["beneficiary.reason.wizard"].create(
            {
                "res_model": "beneficiary.complaint",
                "res_ids": complaint.ids,
                "method": "unlink",
                "reason": "x",
            }
        )
        with self.assertRaisesRegex(UserError, "cannot be taken from here"):
            wizard.action_confirm()
        self.assertTrue(complaint.exists())

    def test_technical_complaints_are_routed_to_it(self):
        complaint = self.create_complaint(category_id=self.technical_category.id)
        self.assertEqual(complaint.officer_id, self.it_user)
        with self.assertRaisesRegex(ValidationError, "needs the person who handles it"):
            self.technical_category.responsible_user_id = False

    def test_sla_and_single_escalation(self):
        with freeze_time("2026-11-05 07:00:00"):  # Thursday
            complaint = self.reviewed_complaint()
        self.assertEqual(complaint.deadline_date, date(2026, 11, 12), "5 working days")
        self.env.company.beneficiary_escalation_user_id = self.manager
        with freeze_time("2026-11-12 09:00:00"):
            self.Complaint._cron_escalate_overdue()
            self.assertFalse(complaint.escalated_date, "not overdue on the deadline day")
        with freeze_time("2026-11-15 09:00:00"):
            complaint.invalidate_recordset(["is_overdue"])
            self.assertTrue(complaint.is_overdue)
            self.assertIn(complaint, self.Complaint.search([("is_overdue", "=", True)]))
            self.Complaint._cron_escalate_overdue()
            self.Complaint._cron_escalate_overdue()
        escalation = self.env.ref("beneficiary_relations.mail_activity_type_escalation")
        self.assertEqual(
            len(complaint.activity_ids.filtered(lambda a: a.activity_type_id == escalation)), 1
        )
        self.assertTrue(complaint.escalated_date)

    def test_durations(self):
        with freeze_time("2026-11-01 07:00:00"):
            complaint = self.create_complaint()
        with freeze_time("2026-11-01 10:00:00"):
            complaint.action_acknowledge()
            complaint.action_start_review()
        complaint.resolution = "تم الحل"
        with freeze_time("2026-11-03 07:00:00"):
            complaint.action_resolve()
        self.assertEqual(complaint.hours_to_acknowledge, 3.0)
        self.assertEqual(complaint.days_to_resolve, 2.0)
        overview = self.complaint_category
        overview.invalidate_recordset()
        self.assertEqual(overview.avg_resolution_days, 2.0)


@tagged("post_install", "-at_install")
class TestCompensation(ComplaintCase):
    def _investigated(self, outcome="approve", approve_minutes=True):
        complaint = self.reviewed_complaint()
        meeting = self.meeting(committee=self.investigation)
        meeting.action_hold()
        decision = self.env["beneficiary.committee.decision"].create(
            {
                "meeting_id": meeting.id,
                "complaint_id": complaint.id,
                "outcome": outcome,
                "reasons": "ثبت أن الجمعية تأخرت في صرف المساعدة المعتمدة"
                if outcome != "approve"
                else False,
            }
        )
        if approve_minutes:
            self.approve_minutes(meeting)
        return complaint, decision

    def _compensation(self, complaint, **values):
        vals = {"complaint_id": complaint.id}
        vals.update(values)
        return self.env["beneficiary.compensation"].create(vals)

    def test_no_ground_no_compensation(self):
        complaint = self.reviewed_complaint()
        compensation = self._compensation(complaint)
        with self.assertRaisesRegex(UserError, "record the ground"):
            compensation.action_record_evidence()
        self.assertEqual(compensation.state, "draft")

    def test_investigation_minutes_must_be_approved_by_members(self):
        complaint, decision = self._investigated(approve_minutes=False)
        compensation = self._compensation(
            complaint,
            ground="association_harm",
            investigation_decision_id=decision.id,
            harm_description="تأخير صرف إعانة الإيجار",
            harm_size="غرامة تأخير 500 ريال",
            harm_causes="خطأ إجرائي في المالية",
        )
        with self.assertRaisesRegex(UserError, "not yet approved by its members"):
            compensation.action_record_evidence()
        self.approve_minutes(decision.meeting_id)
        compensation.action_record_evidence()
        self.assertEqual(compensation.state, "evidence")

    def test_harm_must_be_established_and_described(self):
        complaint, decision = self._investigated(outcome="reject")
        compensation = self._compensation(
            complaint, ground="association_harm", investigation_decision_id=decision.id
        )
        with self.assertRaises(UserError) as caught:
            compensation.action_record_evidence()
        message = str(caught.exception)
        self.assertIn("did not establish the harm", message)
        self.assertIn("is required", message)

    def test_only_an_investigation_committee_decides_on_harm(self):
        complaint = self.reviewed_complaint()
        meeting = self.meeting(committee=self.committee)
        with self.assertRaisesRegex(UserError, "follow-up or investigation committee"):
            self.env["beneficiary.committee.decision"].create(
                {"meeting_id": meeting.id, "complaint_id": complaint.id, "outcome": "approve"}
            )

    def test_ruling_ground_and_agreement_needs_negotiation_and_acceptance(self):
        complaint = self.reviewed_complaint()
        compensation = self._compensation(
            complaint,
            ground="ruling",
            ruling_number="4471234",
            ruling_date="2026-10-01",
            ruling_authority="المحكمة العامة بالرياض",
        )
        with self.assertRaisesRegex(UserError, "is required"):
            compensation.action_record_evidence()
        compensation.ruling_document = "cmVsaW5n"
        compensation.action_record_evidence()
        compensation.action_start_negotiation()
        compensation.agreed_amount = 1500
        with self.assertRaises(UserError) as caught:
            compensation.action_agree()
        self.assertIn("Log the negotiation", str(caught.exception))
        self.assertIn("signed acceptance", str(caught.exception))
        self.env["beneficiary.compensation.negotiation"].create(
            {
                "compensation_id": compensation.id,
                "summary": "عرض 1500 ريال وقبلته المستفيدة",
                "offered_amount": 1500,
            }
        )
        compensation.write({"acceptance_signer": "نورة", "acceptance_signature": self.PIXEL})
        compensation.action_agree()
        self.assertEqual(compensation.state, "agreed")
        self.assertTransitionNeeds(
            compensation,
            "action_mark_paid",
            "payment reference",
            {"payment_reference": "BILL/2026/0042"},
            "paid",
        )

    def test_refusal_needs_a_reason(self):
        compensation = self._compensation(self.reviewed_complaint())
        with self.assertRaisesRegex(UserError, "reason"):
            compensation._do_refuse("")
        compensation._do_refuse("لا يوجد ضرر")
        self.assertEqual(compensation.state, "refused")


@tagged("post_install", "-at_install")
class TestComplaintAccess(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handled = cls.create_complaint(category_id=cls.technical_category.id)  # IT handles it
        cls.logged = cls.create_complaint(user=cls.officer)
        cls.all = cls.handled | cls.logged

    def _visible(self, user):
        return self.Complaint.with_user(user).search([("id", "in", self.all.ids)])

    def test_officers_see_the_complaints_they_handle(self):
        self.assertEqual(self._visible(self.it_user), self.handled)
        self.assertEqual(self._visible(self.officer), self.logged)
        with self.assertRaises(AccessError):
            self.handled.with_user(self.officer).read(["partner_id"])

    def test_follow_up_committee_and_managers(self):
        self.assertEqual(
            self._visible(self.committee_member), self.logged, "its follow-up committee"
        )
        self.assertEqual(self._visible(self.outsider_member), self.Complaint)
        self.assertEqual(self._visible(self.manager), self.all)

    def test_researchers_and_other_users_see_no_complaint(self):
        for user in (self.researcher, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Complaint.with_user(user).search([])


@tagged("post_install", "-at_install")
class TestComplaintPerformance(ComplaintCase):
    @warmup
    def test_complaint_create_budget(self):
        with self.with_user("br_officer"):
            with self.assertQueryCount(br_officer=22):
                self.create_complaint()

    @warmup
    def test_acknowledge_budget(self):
        complaint = self.create_complaint(user=self.officer)
        with self.with_user("br_officer"):
            complaint = complaint.with_env(self.env)
            with self.assertQueryCount(br_officer=50):
                complaint.action_acknowledge()
            with workflow_block():
                complaint.state = "received"


@tagged("post_install", "-at_install")
class TestComplaintEvidence(ComplaintCase):
    """Complaint and compensation figures of the evidence pack, and their documents."""

    def test_evidence_pack_complaint_and_compensation_figures(self):
        with freeze_time("2026-02-01 07:00:00"):
            settled = self.reviewed_complaint()
            rejected = self.reviewed_complaint()
            anonymous = self.reviewed_complaint(is_anonymous=True, beneficiary_id=False)
        with freeze_time("2026-02-01 10:00:00"):
            settled.resolution = "اعتذار"
            settled.action_resolve()
        with freeze_time("2026-02-03 07:00:00"):
            rejected.rejection_reason = "لا مخالفة"
            rejected.action_reject()
            anonymous._do_escalate("تكرار")
        with freeze_time("2025-12-01 07:00:00"):
            self.reviewed_complaint()  # outside the period
        compensation = self.env["beneficiary.compensation"].create(
            {"complaint_id": settled.id, "ground": "ruling"}
        )
        # create_date is the transaction's time, which freeze_time does not move.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE beneficiary_compensation SET create_date = %s WHERE id = %s",
            ("2026-02-05 09:00:00", compensation.id),
        )
        compensation.invalidate_recordset(["create_date"])
        wizard = self.env["beneficiary.evidence.pack.wizard"].create(
            {"date_from": "2026-01-01", "date_to": "2026-03-31"}
        )
        rows = dict(self.Complaint._evidence_pack_section(wizard))
        self.assertEqual(rows["Complaints received"], 3)
        self.assertEqual(rows["Anonymous complaints"], 1)
        self.assertEqual(rows["Resolved amicably"], 1)
        self.assertEqual(rows["Rejected with reasons"], 1)
        self.assertEqual(rows["Escalated to top management"], 1)
        self.assertEqual(rows["Average time to resolve (days)"], 1.1)  # 3 h and 2 days
        compensation_rows = dict(
            self.env["beneficiary.compensation"]._evidence_pack_section(wizard)
        )
        self.assertEqual(compensation_rows["Compensation cases opened"], 1)
        self.assertEqual(compensation_rows["On a final ruling"], 1)
        self.assertEqual(compensation_rows["Paid"], 0)

    def test_complaint_report_and_compensation_minutes(self):
        complaint = self.reviewed_complaint()
        complaint.resolution = "تسوية ودية بتسريع دراسة الطلب"
        complaint.action_resolve()
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "beneficiary_relations.beneficiary_complaint_report", complaint.ids
        )
        html = html.decode()
        self.assertIn(complaint.name, html)
        self.assertIn("تسوية ودية بتسريع دراسة الطلب", html)
        self.assertIn(self.beneficiary.name, html)
        compensation = self.env["beneficiary.compensation"].create(
            {
                "complaint_id": complaint.id,
                "ground": "ruling",
                "ruling_number": "4471234",
                "ruling_authority": "المحكمة العامة بالرياض",
            }
        )
        self.env["beneficiary.compensation.negotiation"].create(
            {
                "compensation_id": compensation.id,
                "summary": "عرض مبلغ 900 ريال",
                "offered_amount": 900,
            }
        )
        minutes, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "beneficiary_relations.beneficiary_compensation_report_minutes", compensation.ids
        )
        minutes = minutes.decode()
        self.assertIn("4471234", minutes)
        self.assertIn("عرض مبلغ 900 ريال", minutes)
        # Printing follows access: a researcher cannot print a complaint.
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.researcher)._render_qweb_html(
                "beneficiary_relations.beneficiary_complaint_report", complaint.ids
            )

    def test_complaint_and_satisfaction_exports(self):
        import openpyxl

        complaint = self.create_complaint()
        path, count = self.Complaint.browse(complaint.ids)._xlsx_export_to_file(
            domain=[("id", "=", complaint.id)]
        )
        self.assertEqual(count, 1)
        sheet = openpyxl.load_workbook(path).worksheets[0]
        self.assertTrue(sheet.sheet_view.rightToLeft)
        header = [cell.value for cell in sheet[1]]
        self.assertIn(self.Complaint._fields["subject"].string, header)
        self.assertEqual(sheet.max_row, 2)
        self.assertEqual(sheet.cell(2, 1).value, complaint.name)
        Report = self.env["beneficiary.satisfaction.report"]
        path, count = Report._xlsx_export_to_file(domain=[])
        self.assertEqual(count, Report.search_count([]))


@tagged("post_install", "-at_install")
class TestCompensationPayment(ComplaintCase):
    """An agreed compensation is paid like approved aid: one vendor bill, by finance."""

    def _agreed(self):
        complaint = self.reviewed_complaint()
        compensation = self.env["beneficiary.compensation"].create(
            {
                "complaint_id": complaint.id,
                "ground": "ruling",
                "ruling_number": "4471234",
                "ruling_date": "2026-10-01",
                "ruling_authority": "المحكمة العامة بالرياض",
                "ruling_document": "cmVsaW5n",
            }
        )
        compensation.action_record_evidence()
        compensation.action_start_negotiation()
        self.env["beneficiary.compensation.negotiation"].create(
            {"compensation_id": compensation.id, "summary": "اتفاق", "offered_amount": 1500}
        )
        compensation.write(
            {"agreed_amount": 1500, "acceptance_signer": "نورة", "acceptance_signature": self.PIXEL}
        )
        compensation.action_agree()
        return compensation

    def test_one_bill_by_finance_then_paid(self):
        finance = new_test_user(
            self.env,
            "br_finance",
            groups="beneficiary_relations.group_beneficiary_finance",
            email="finance@example.com",
        )
        compensation = self._agreed()
        compensation.beneficiary_id.bank_iban = "SA4420000001234567891234"
        with self.assertRaisesRegex(UserError, "Only finance pays compensation"):
            compensation.with_user(self.officer).action_create_bill()
        compensation.with_user(finance).action_create_bill()
        bill = compensation.move_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.partner_id, compensation.partner_id)
        self.assertEqual(bill.partner_bank_id, compensation.beneficiary_id.bank_account_id)
        self.assertEqual(bill.partner_bank_id.acc_number, "SA44 2000 0001 2345 6789 1234")
        self.assertEqual(compensation.with_user(finance).partner_bank_id, bill.partner_bank_id)
        self.assertEqual(bill.invoice_line_ids.account_id, compensation.account_id)
        self.assertEqual(bill.journal_id, compensation.journal_id)
        self.assertEqual(bill.ref, compensation.name)
        self.assertEqual(bill.amount_total, 1500)
        self.assertEqual(compensation.payment_reference, bill.name)
        with self.assertRaisesRegex(UserError, "already has its vendor bill"):
            compensation.with_user(finance).action_create_bill()
        with self.assertRaisesRegex(UserError, "refund it with a credit note"):
            bill.with_user(finance).button_draft()
        with self.assertRaisesRegex(UserError, "not paid yet"):
            compensation.with_user(finance).action_mark_paid()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({})._create_payments()
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        compensation.with_user(finance).action_mark_paid()
        self.assertEqual(compensation.state, "paid")
        self.assertEqual(
            self.env["account.move"].search_count(
                [("ref", "=", compensation.name), ("move_type", "=", "in_invoice")]
            ),
            1,
        )


@tagged("post_install", "-at_install")
class TestComplaintRouting(ComplaintCase):
    def test_complaints_reach_the_contact_officer_of_the_category(self):
        Officer = self.env["beneficiary.category.officer"]
        Officer.search([("category_id", "=", self.beneficiary.category_id.id)]).unlink()
        Officer.create(
            {
                "category_id": self.beneficiary.category_id.id,
                "domain": "general",
                "user_id": self.officer.id,
            }
        )
        complaint = self.create_complaint()
        self.assertEqual(complaint.officer_id, self.officer)
        todo = complaint.activity_ids.filtered(lambda activity: activity.user_id == self.officer)
        self.assertEqual(len(todo), 1)
        # Technical complaints still go to whoever handles them.
        technical = self.create_complaint(category_id=self.technical_category.id)
        self.assertEqual(technical.officer_id, self.it_user)
