from datetime import date, datetime

from lxml import html as lxml_html

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCase, load_arabic

AR = "ar_001"


@tagged("post_install", "-at_install")
class TestHijriDateWidget(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_arabic(cls.env)
        cls.Widget = cls.env["ir.qweb.field.hijri_date"]

    def runs(self, value, lang=AR, **options):
        html = self.Widget.with_context(lang=lang, tz="Asia/Riyadh").value_to_html(value, options)
        root = lxml_html.fragment_fromstring(str(html))
        return [(span.get("dir"), span.text) for span in root.iter("span") if span.text]

    def test_hijri_first_then_gregorian_in_separate_runs(self):
        self.assertEqual(
            self.runs(date(2025, 7, 13)),
            [
                ("ltr", "18/01/1447"),
                (None, "هـ"),
                (None, "الموافق"),
                ("ltr", "13/07/2025"),
                (None, "م"),
            ],
        )
        # The long form reads: weekday, day, month, year, era.
        self.assertEqual(
            [text for _dir, text in self.runs(date(2025, 7, 13), long=True, hijri_only=True)],
            ["الأحد", "18", "محرم", "1447", "هـ"],
        )
        self.assertEqual(
            self.runs(date(2025, 7, 13), lang="en_US", hijri_only=True),
            [("ltr", "18/01/1447"), (None, "AH")],
        )
        self.assertEqual(self.Widget.value_to_html(False, {}), "")

    def test_datetime_is_the_local_day(self):
        # 23:30 UTC on 12 July is 02:30 on 13 July in Riyadh.
        text = self.Widget.with_context(lang=AR, tz="Asia/Riyadh").value_to_text(
            datetime(2025, 7, 12, 23, 30)
        )
        self.assertEqual(text, "18/01/1447 هـ الموافق 13/07/2025 م")

    def test_report_text_lines(self):
        Text = self.env["ir.qweb.field.report_text"].with_context(lang=AR)
        html = Text.value_to_html("كلمة " * 30, {"width": 20})
        lines = lxml_html.fragment_fromstring(str(html)).xpath(
            "//div[@class='o_br_line o_br_text']"
        )
        self.assertEqual(len(lines), 8)
        self.assertTrue(all(len(line.text) <= 20 for line in lines))
        policy = Text.value_to_html("<h2>أولًا</h2><ul><li>بند</li></ul><p>نص</p>", {})
        root = lxml_html.fragment_fromstring(str(policy))
        self.assertEqual(
            [(div.get("class"), div.text_content().strip()) for div in root.iter("div")][1:],
            [
                ("o_br_line o_br_heading", "أولًا"),
                ("o_br_line o_br_item", "• بند"),
                ("o_br_line o_br_text", "نص"),
            ],
        )


@tagged("post_install", "-at_install")
class TestArabicWording(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_arabic(cls.env)

    def test_marital_status_of_a_woman_is_feminine(self):
        woman = self.beneficiary.with_context(lang=AR)
        woman.write({"gender": "female", "marital_status": "widowed"})
        self.assertEqual(woman._marital_status_label(), "أرملة")
        woman.marital_status = "divorced"
        self.assertEqual(woman._marital_status_label(), "مطلقة")
        man = self.create_beneficiary(gender="male", marital_status="married").with_context(lang=AR)
        self.assertEqual(man._marital_status_label(), "متزوج")

    def test_complaint_messages_are_whole_feminine_sentences(self):
        complaint = self.create_complaint().with_context(lang=AR)
        with self.assertRaisesRegex(UserError, "لا يمكن إغلاق الشكوى .* في حالتها الحالية"):
            complaint.with_user(self.officer).action_close()
        states = dict(complaint._fields["state"]._description_selection(complaint.env))
        self.assertEqual(states["received"], "مستلَمة")
        self.assertEqual(states["rejected"], "مرفوضة")
        self.assertEqual(states["closed"], "مغلقة")

    def test_answer_period_follows_arabic_number_rules(self):
        request_type = self.aid_type.with_context(lang=AR)
        request_type.sla_days = 15
        self.assertEqual(request_type.sla_days_text, "15 يوم عمل")
        request_type.sla_days = 3
        self.assertEqual(request_type.sla_days_text, "3 أيام عمل")
        self.assertEqual(request_type.with_context(lang="en_US").sla_days_text, "3 working days")

    def test_company_is_the_association(self):
        field = self.env["beneficiary.beneficiary"].with_context(lang=AR)._fields["company_id"]
        self.assertEqual(field._description_string(self.env(context={"lang": AR})), "الجمعية")


@tagged("post_install", "-at_install")
class TestMessagesAndExports(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_arabic(cls.env)

    def test_complaint_acknowledgement_dates_in_both_calendars(self):
        complaint = self.create_complaint()
        template = self.env.ref("beneficiary_relations.sms_template_complaint_ack")
        body = template.with_context(lang=AR)._render_field(
            "body", complaint.ids, compute_lang=False
        )[complaint.id]
        widget = self.env["ir.qweb.field.hijri_date"].with_context(lang=AR)
        self.assertIn(widget.value_to_text(complaint.deadline_date), body)
        self.assertIn("هـ", body)

    def test_survey_invitation_without_contact_is_arabic_and_names_the_association(self):
        survey = self.env.ref("beneficiary_relations.survey_satisfaction")
        answer = self.env["survey.user_input"].create(
            {"survey_id": survey.id, "email": "someone@example.com"}
        )
        self.assertFalse(answer.partner_id)
        self.env.company.partner_id.lang = False
        answer.invalidate_recordset(["beneficiary_lang"])
        self.assertEqual(answer.beneficiary_lang, AR)
        template = self.env.ref("beneficiary_relations.sms_template_satisfaction_invite")
        self.assertEqual(template._render_lang(answer.ids)[answer.id], AR)
        body = template._render_field("body", answer.ids)[answer.id]
        self.assertTrue(body.startswith(self.env.company.name))

    def test_satisfaction_export_for_the_readers_of_the_analysis(self):
        action = self.env.ref(
            "beneficiary_relations.beneficiary_satisfaction_report_action_export_xlsx"
        )
        survey = self.env.ref("beneficiary_relations.survey_satisfaction")
        self.env["survey.user_input"].create(
            {"survey_id": survey.id, "beneficiary_request_id": self.create_request().id}
        )
        report = self.env["beneficiary.satisfaction.report"]
        rows = report.search([])
        self.assertTrue(rows)
        context = {"active_model": report._name, "active_ids": rows.ids, "active_id": rows[0].id}
        result = action.with_user(self.officer).with_context(**context).run()
        self.assertEqual(result["type"], "ir.actions.act_url")
        with self.assertRaises(AccessError):
            action.with_user(self.researcher).with_context(**context).run()

    def test_demo_currency_is_set_only_without_own_entries(self):
        company = self.env["res.company"].create(
            {"name": "جمعية تجريبية", "currency_id": self.env.ref("base.USD").id}
        )
        sar = self.env.ref("base.SAR")
        self.assertEqual(company._beneficiary_demo_set_currency(sar.id), company)
        self.assertEqual(company.currency_id, sar)
        self.assertFalse(company._beneficiary_demo_set_currency(sar.id), "already in riyals")

    def test_satisfaction_index_without_answers_is_blank(self):
        wizard = self.env["beneficiary.evidence.pack.wizard"].create(
            {"date_from": date(2001, 1, 1), "date_to": date(2001, 12, 31)}
        )
        rows = dict(self.env["survey.user_input"]._evidence_pack_section(wizard))
        self.assertIsNone(rows[self.env._("Satisfaction index (%)")])
        self.assertIsNone(rows[self.env._("Response rate (%)")])
