import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user, warmup

from .common import BeneficiaryCase

PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)


class PolicyCase(BeneficiaryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.beneficiary_policy_distributor = "hr"
        cls.env.company.beneficiary_policy_reminder_days = 7
        cls.hr_officer = new_test_user(
            cls.env, "br_hr", groups="hr.group_hr_user", email="hr@example.com"
        )
        Employee = cls.env["hr.employee"]
        # Only the test's employees take part: any other employee is archived.
        Employee.search([("company_id", "=", cls.company.id)]).active = False
        cls.department_social = cls.env["hr.department"].create({"name": "القسم الاجتماعي"})
        cls.department_finance = cls.env["hr.department"].create({"name": "الإدارة المالية"})
        cls.employee_user = new_test_user(
            cls.env, "br_employee", groups="base.group_user", email="employee@example.com"
        )
        cls.colleague_user = new_test_user(cls.env, "br_colleague", groups="base.group_user")
        cls.employee = Employee.create(
            {
                "name": "سارة علي الشهري",
                "user_id": cls.employee_user.id,
                "department_id": cls.department_social.id,
                "work_email": "employee@example.com",
            }
        )
        cls.colleague = Employee.create(
            {
                "name": "فهد ناصر الحربي",
                "user_id": cls.colleague_user.id,
                "department_id": cls.department_finance.id,
            }
        )
        cls.no_user_employee = Employee.create(
            {"name": "منى خالد الزهراني", "department_id": cls.department_social.id}
        )
        cls.archived = Employee.create({"name": "موظف سابق", "active": False})
        cls.other_company = cls.env["res.company"].create({"name": "جمعية أخرى"})
        cls.other_company_employee = Employee.create(
            {"name": "موظف جمعية أخرى", "company_id": cls.other_company.id}
        )
        cls.Policy = cls.env["beneficiary.policy"]

    @classmethod
    def policy_vals(cls, **values):
        vals = {
            "name": "سياسة تنظيم العلاقة مع المستفيدين",
            "version": "T1",
            "body": "<p>نص السياسة</p>",
            "board_meeting_number": "12",
            "board_decision_number": "12/3/1444",
            "approval_date_hijri": "02/06/1444",
            "approval_text": "اعتمدها المجلس في جلسته المنعقدة يوم الاثنين",
            "chair_name": "عبدالله الدوسري",
            "chair_signature": PIXEL,
        }
        vals.update(values)
        return vals

    @classmethod
    def published_policy(cls, **values):
        policy = cls.Policy.create(cls.policy_vals(**values))
        policy.action_approve()
        policy.with_user(cls.hr_officer).action_publish()
        return policy


@tagged("post_install", "-at_install")
class TestPolicyApproval(PolicyCase):
    def test_hijri_fills_gregorian(self):
        policy = self.Policy.create(self.policy_vals())
        self.assertEqual(policy.approval_date, datetime.date(2022, 12, 26))
        self.assertEqual(policy.approval_date.weekday(), 0)  # Monday

    def test_gregorian_fills_hijri(self):
        policy = self.Policy.create(
            self.policy_vals(
                approval_date_hijri=False,
                approval_date="2022-08-31",
                approval_text="approved on Wednesday",
            )
        )
        self.assertEqual(policy.approval_date_hijri, "04/02/1444")
        policy.write({"approval_date": "2022-12-26", "approval_text": "Monday"})
        self.assertEqual(policy.approval_date_hijri, "02/06/1444")

    def test_form_fills_one_date_from_the_other(self):
        """In the form HR drafts the policy in, each approval date fills the other."""
        form = Form(self.Policy.with_user(self.hr_officer))
        form.approval_date_hijri = "02/06/1444"
        self.assertEqual(form.approval_date, datetime.date(2022, 12, 26))
        form.approval_date = datetime.date(2022, 8, 31)
        self.assertEqual(form.approval_date_hijri, "04/02/1444")
        for name, value in self.policy_vals(approval_date_hijri="04/02/1444").items():
            if name != "approval_date_hijri":
                setattr(form, name, value)
        form.approval_text = "عقدت الجلسة يوم الأربعاء"
        policy = form.save()
        self.assertEqual(policy.approval_date, datetime.date(2022, 8, 31))
        self.assertEqual(policy.approval_date_hijri, "04/02/1444")

    def test_arabic_digits_in_hijri(self):
        policy = self.Policy.create(self.policy_vals(approval_date_hijri="٠٢/٠٦/١٤٤٤"))
        self.assertEqual(policy.approval_date, datetime.date(2022, 12, 26))

    def test_wrong_weekday_in_text_is_flagged(self):
        # 4/2/1444 = 31/08/2022 was a Wednesday.
        for text in ("عقدت الجلسة يوم الثلاثاء", "The board met on Tuesday"):
            with self.assertRaisesRegex(ValidationError, "was a Wednesday"):
                self.Policy.create(
                    self.policy_vals(approval_date_hijri="04/02/1444", approval_text=text)
                )
        ok = self.Policy.create(
            self.policy_vals(
                approval_date_hijri="04/02/1444", approval_text="عقدت الجلسة يوم الأربعاء"
            )
        )
        self.assertEqual(ok.approval_date, datetime.date(2022, 8, 31))
        with self.assertRaisesRegex(ValidationError, "was a Wednesday"):
            ok.approval_text = "Monday"

    def test_invalid_hijri_refused(self):
        for text in ("31/13/1444", "yesterday", "30/02/1200"):
            with self.assertRaisesRegex(ValidationError, "Hijri date"):
                self.Policy.create(self.policy_vals(approval_date_hijri=text))

    def test_inconsistent_dates_refused(self):
        with self.assertRaisesRegex(ValidationError, "is not 2022-08-31"):
            self.Policy.create(
                self.policy_vals(
                    approval_date="2022-08-31", approval_date_hijri="02/06/1444", approval_text=""
                )
            )

    def test_approval_needs_board_record(self):
        policy = self.Policy.create(self.policy_vals(chair_signature=False, chair_name=False))
        with self.assertRaisesRegex(UserError, "chair name, chair signature"):
            policy.action_approve()
        self.assertEqual(policy.state, "draft")
        with self.assertRaisesRegex(UserError, "not possible"):
            policy.action_publish()

    def test_distributor_is_configurable(self):
        policy = self.Policy.create(self.policy_vals())
        policy.action_approve()
        self.company.beneficiary_policy_distributor = "management"
        with self.assertRaisesRegex(UserError, "executive management"):
            policy.with_user(self.hr_officer).action_publish()
        self.assertEqual(policy.state, "approved")
        policy.with_user(self.manager).action_publish()
        self.assertEqual(policy.state, "published")
        self.company.beneficiary_policy_distributor = "hr"
        with self.assertRaisesRegex(UserError, "human resources"):
            policy.with_user(self.manager).action_launch_campaign()


@tagged("post_install", "-at_install")
class TestPolicyCampaign(PolicyCase):
    def test_campaign_one_per_active_employee(self):
        policy = self.published_policy()
        acks = policy.acknowledgement_ids
        self.assertEqual(acks.employee_id, self.employee | self.colleague | self.no_user_employee)
        self.assertNotIn(self.archived, acks.employee_id)
        self.assertNotIn(self.other_company_employee, acks.employee_id)
        self.assertEqual(set(acks.mapped("state")), {"pending"})
        # Running it again adds nobody; a new employee is added.
        self.assertFalse(policy.with_user(self.hr_officer)._launch_campaign())
        newcomer = self.env["hr.employee"].create({"name": "موظف جديد"})
        action = policy.with_user(self.hr_officer).action_launch_campaign()
        self.assertEqual(action["params"]["message"], "1 employee asked to sign the policy.")
        self.assertEqual(policy.acknowledgement_ids.employee_id - acks.employee_id, newcomer)

    def test_campaign_by_department(self):
        policy = self.published_policy()
        policy2 = self.Policy.create(
            self.policy_vals(version="1.1", department_ids=[(6, 0, self.department_social.ids)])
        )
        policy2.action_approve()
        policy2.with_user(self.hr_officer).action_publish()
        self.assertEqual(
            policy2.acknowledgement_ids.employee_id, self.employee | self.no_user_employee
        )
        self.assertEqual(policy.state, "superseded")

    def test_employees_are_notified(self):
        policy = self.published_policy()
        ack = policy.acknowledgement_ids.filtered(lambda a: a.employee_id == self.employee)
        self.assertEqual(ack.activity_ids.user_id, self.employee_user)
        mails = self.env["mail.mail"].search([("model", "=", ack._name), ("res_id", "=", ack.id)])
        self.assertEqual(mails.email_to, "employee@example.com")
        no_user = policy.acknowledgement_ids.filtered(
            lambda a: a.employee_id == self.no_user_employee
        )
        self.assertFalse(no_user.activity_ids)

    def test_employee_signs_own_acknowledgement(self):
        policy = self.published_policy()
        Ack = self.env["beneficiary.policy.acknowledgement"]
        own = Ack.with_user(self.employee_user).search([])
        self.assertEqual(own.employee_id, self.employee)
        colleague_ack = policy.acknowledgement_ids.filtered(
            lambda a: a.employee_id == self.colleague
        )
        with self.assertRaises(AccessError):
            colleague_ack.with_user(self.employee_user).read(["state"])
        with self.assertRaises(AccessError):
            colleague_ack.with_user(self.employee_user)._do_sign(PIXEL)
        # The employee opens the form: policy text, own name and department.
        m2o = {"fields": {"display_name": {}}}
        [values] = own.web_read(
            {
                "employee_id": m2o,
                "policy_id": m2o,
                "department_id": m2o,
                "policy_body": {},
                "state": {},
                "signature": {},
            }
        )
        self.assertEqual(values["employee_id"]["display_name"], self.employee.name)
        self.assertIn("نص السياسة", values["policy_body"])
        with self.assertRaisesRegex(UserError, "Draw your signature"):
            own.action_sign()
        with self.assertRaises(AccessError):
            own.write({"state": "signed"})
        own.signature = PIXEL
        own.action_sign()
        self.assertEqual(own.state, "signed")
        self.assertTrue(own.signed_date)
        self.assertFalse(own.sudo().activity_ids)
        with self.assertRaisesRegex(UserError, "already signed"):
            own._do_sign(PIXEL)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            own.signature = False
        # HR reads everyone's, and the coverage.
        self.assertEqual(
            len(Ack.with_user(self.hr_officer).search([("policy_id", "=", policy.id)])), 3
        )
        self.assertEqual(policy.signed_count, 1)
        self.assertAlmostEqual(policy.coverage, 100 / 3, places=2)
        missing = Ack.with_user(self.hr_officer).search(
            [("policy_id", "=", policy.id), ("state", "=", "pending")]
        )
        self.assertEqual(missing.employee_id, self.colleague | self.no_user_employee)
        by_department = dict(
            (department, signed)
            for department, signed in Ack._read_group(
                [("policy_id", "=", policy.id)], ["department_id"], ["signed_count:sum"]
            )
        )
        self.assertEqual(by_department[self.department_social], 1)
        self.assertEqual(by_department[self.department_finance], 0)

    def test_new_version_needs_new_acknowledgement(self):
        policy = self.published_policy()
        own = policy.acknowledgement_ids.filtered(lambda a: a.employee_id == self.employee)
        own.with_user(self.employee_user)._do_sign(PIXEL)
        policy2 = self.published_policy(version="2.0")
        self.assertEqual(policy.state, "superseded")
        self.assertEqual(policy2.state, "published")
        new = policy2.acknowledgement_ids.filtered(lambda a: a.employee_id == self.employee)
        self.assertEqual(new.state, "pending")
        # The old signature stays on record; the old version can no longer be signed.
        self.assertEqual(own.state, "signed")
        old_colleague = policy.acknowledgement_ids.filtered(
            lambda a: a.employee_id == self.colleague
        )
        with self.assertRaisesRegex(UserError, "no longer"):
            old_colleague.with_user(self.colleague_user)._do_sign(PIXEL)

    def test_reminder_once_per_period(self):
        with freeze_time("2026-01-01"):
            policy = self.published_policy()
        ack = policy.acknowledgement_ids.filtered(lambda a: a.employee_id == self.employee)
        self.env.cr.execute(
            "UPDATE beneficiary_policy_acknowledgement SET create_date = '2026-01-01 08:00' "
            "WHERE policy_id = %s",
            [policy.id],
        )
        policy.acknowledgement_ids.invalidate_recordset(["create_date"])
        Ack = self.env["beneficiary.policy.acknowledgement"]

        def reminders():
            return ack.message_ids.filtered(lambda m: "Reminder" in (m.body or ""))

        with freeze_time("2026-01-05"):
            Ack._cron_send_reminders()
        self.assertFalse(reminders(), "no reminder before the period has passed")
        with freeze_time("2026-01-08"):
            Ack._cron_send_reminders()
            Ack._cron_send_reminders()
        self.assertEqual(len(reminders()), 1)
        self.assertEqual(ack.reminder_count, 1)
        self.assertEqual(ack.last_reminder_date, datetime.date(2026, 1, 8))
        with freeze_time("2026-01-15"):
            ack.with_user(self.employee_user)._do_sign(PIXEL)
            Ack._cron_send_reminders()
        self.assertEqual(len(reminders()), 1, "a signed acknowledgement is not reminded")
        colleague = policy.acknowledgement_ids.filtered(lambda a: a.employee_id == self.colleague)
        self.assertEqual(colleague.reminder_count, 2)

    def test_signed_sheet_renders(self):
        policy = self.published_policy()
        own = policy.acknowledgement_ids.filtered(lambda a: a.employee_id == self.employee)
        own.with_user(self.employee_user)._do_sign(PIXEL)
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "beneficiary_relations.action_report_policy_acknowledgement", own.ids
        )
        html = html.decode()
        self.assertIn(self.employee.name, html)
        self.assertIn("12/3/1444", html)
        self.assertIn("02/06/1444", html)
        self.assertIn("data:image/png;base64", html)

    @warmup
    def test_campaign_query_budget(self):
        policy = self.Policy.create(self.policy_vals())
        policy.action_approve()
        self.env["hr.employee"].create(
            [
                {"name": f"موظف {index}", "department_id": self.department_social.id}
                for index in range(20)
            ]
        )
        self.env.flush_all()
        with self.with_user("br_hr"):
            policy = policy.with_env(self.env)
            with self.assertQueryCount(br_hr=QUERY_BUDGET_CAMPAIGN):
                policy.action_publish()
                self.env.flush_all()
        self.assertEqual(len(policy.acknowledgement_ids), 23)


# Publishing (supersede + state) and creating the acknowledgements of 23 employees
# with their activities and e-mails: the batch create and notifications do not
# grow with the number of employees. With the demo data a published version is
# superseded: its open "read and sign" to-dos are withdrawn in one batch (+12).
QUERY_BUDGET_CAMPAIGN = 57
