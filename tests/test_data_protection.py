import json
from datetime import timedelta
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import RequestCase, valid_national_id
from .test_disbursement import DisbursementCase

DPO_GROUP = "beneficiary_relations.group_beneficiary_dpo"


class DataProtectionCase(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo = new_test_user(cls.env, "br_dpo", groups=DPO_GROUP)
        cls.Log = cls.env["beneficiary.access.log"]
        cls.DataRequest = cls.env["beneficiary.data.request"]
        cls.file_a = cls.create_beneficiary(
            name="هيا سعد القحطاني",
            email="haya@example.com",
            health_notes="ربو مزمن",
            bank_iban="SA0380000000608010167519",
        )
        cls.member_a = cls.env["beneficiary.member"].create(
            {
                "beneficiary_id": cls.file_a.id,
                "name": "ريم خالد القحطاني",
                "relation": "daughter",
                "national_id": valid_national_id(),
            }
        )
        cls.file_b = cls.create_beneficiary(
            name="منيرة عبدالعزيز الشهري", email="muneera@example.com"
        )

    def log_rows(self, beneficiary, operation=None):
        domain = [("beneficiary_ref_id", "=", beneficiary.id)]
        if operation:
            domain.append(("operation", "=", operation))
        return self.Log.sudo().search(domain)

    def close_file(self, beneficiary, years_ago=0):
        beneficiary.with_user(self.manager)._do_close("انتهى الغرض")
        if years_ago:
            beneficiary.closing_date = fields.Date.today() - timedelta(days=366 * years_ago)


@tagged("post_install", "-at_install")
class TestAccessLog(DataProtectionCase):
    def test_form_read_of_sensitive_data_is_logged(self):
        spec = {
            "name": {},
            "national_id": {},
            "health_notes": {},
            "member_ids": {"fields": {"name": {}}},
        }
        self.file_a.with_user(self.officer).web_read(spec)
        rows = self.log_rows(self.file_a, "read")
        self.assertEqual(set(rows.mapped("data_category")), {"file", "health", "members"})
        self.assertEqual(rows.user_id, self.officer)
        self.assertEqual(set(rows.mapped("channel")), {"backend"})
        self.assertEqual(set(rows.mapped("file_reference")), {self.file_a.reference})
        # The members read inside the form are that same opening, not another one.
        self.assertEqual(len(rows), 3)
        # A member's own form is logged as members data of the file.
        self.member_a.with_user(self.officer).web_read({"name": {}, "national_id": {}})
        self.assertEqual(len(self.log_rows(self.file_a, "read")), 4)

    def test_list_and_non_sensitive_reads_are_not_logged(self):
        self.Beneficiary.with_user(self.officer).web_search_read(
            [("id", "=", self.file_a.id)], {"name": {}, "national_id": {}}
        )
        self.file_a.with_user(self.officer).web_read({"name": {}, "reference": {}})
        self.assertFalse(self.log_rows(self.file_a))

    def test_form_read_is_one_insert(self):
        spec = {"national_id": {}, "health_notes": {}, "member_ids": {"fields": {"name": {}}}}
        record = self.file_a.with_user(self.officer)
        record.web_read(spec)
        with self.assertQueryCount(1):
            self.Log._log(record, "read", categories=("file", "health", "members"))

    def test_export_and_print_are_logged(self):
        self.officer.groups_id += self.env.ref("base.group_allow_export")
        files = (self.file_a | self.file_b).with_user(self.officer)
        files.export_data(["name", "national_id"])
        self.assertEqual(len(self.log_rows(self.file_a, "export")), 1)
        self.assertEqual(len(self.log_rows(self.file_b, "export")), 1)
        files.action_export_xlsx()
        self.assertEqual(len(self.log_rows(self.file_b, "export")), 2)
        self.env["ir.actions.report"].with_user(self.officer)._render_qweb_pdf(
            "beneficiary_relations.beneficiary_beneficiary_report_file", self.file_a.ids
        )
        self.assertEqual(len(self.log_rows(self.file_a, "print")), 1)
        self.assertFalse(self.log_rows(self.file_b, "print"))

    def test_no_one_can_alter_the_log(self):
        self.file_a.with_user(self.officer).web_read({"national_id": {}})
        row = self.log_rows(self.file_a)
        self.assertEqual(len(row), 1)
        for user in (self.officer, self.manager, self.dpo, self.env.ref("base.user_admin")):
            log = row.with_user(user)
            with self.assertRaises(AccessError):
                log.write({"operation": "print"})
            with self.assertRaises(AccessError):
                log.unlink()
            with self.assertRaises(AccessError):
                self.Log.with_user(user).create({"operation": "read"})
        with self.assertRaises(AccessError):
            row.sudo().write({"user_id": self.manager.id})
        with self.assertRaises(AccessError):
            row.sudo().unlink()
        # Not even through SQL.
        with self.assertRaises(psycopg2.errors.RaiseException), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE beneficiary_access_log SET user_id = %s WHERE id = %s",
                    (self.manager.id, row.id),
                )
        self.assertEqual(row.user_id, self.officer)

    def test_the_dpo_opens_a_file_read_only_and_it_is_logged(self):
        form = Form(self.file_a.with_user(self.dpo))
        self.assertEqual(form.name, "هيا سعد القحطاني")
        self.assertIn("health", self.log_rows(self.file_a, "read").mapped("data_category"))
        self.assertEqual(self.log_rows(self.file_a).user_id, self.dpo)
        with self.assertRaises(AccessError):
            self.file_a.with_user(self.dpo).write({"health_notes": "-"})
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.dpo).write({"name": "-"})

    def test_only_the_dpo_searches_the_log(self):
        self.file_a.with_user(self.officer).web_read({"national_id": {}})
        found = self.Log.with_user(self.dpo).search(
            [("file_reference", "=", self.file_a.reference)]
        )
        self.assertEqual(len(found), 1)
        for user in (self.officer, self.manager, self.researcher, self.internal_user):
            with self.assertRaises(AccessError):
                self.Log.with_user(user).search([])

    def test_log_retention(self):
        self.file_a.with_user(self.officer).web_read({"national_id": {}})
        row = self.log_rows(self.file_a)
        now = fields.Datetime.now()
        # One year later the row is kept (two years of access history)...
        with patch.object(fields.Datetime, "now", return_value=now + timedelta(days=366)):
            self.Log._gc_expired()
        self.assertTrue(row.exists())
        # ...three years later it is purged.
        with patch.object(fields.Datetime, "now", return_value=now + timedelta(days=3 * 366)):
            self.Log._gc_expired()
        self.assertFalse(row.exists())


@tagged("post_install", "-at_install")
class TestDataRequest(DataProtectionCase):
    def new_request(self, kind, beneficiary=None, user=None, **values):
        return self.DataRequest.with_user(user or self.officer).create(
            {
                "request_kind": kind,
                "beneficiary_id": (beneficiary or self.file_a).id,
                "channel_id": self.channel_hq.id,
                **values,
            }
        )

    # Midday in Riyadh: late in the UTC evening the local date is already tomorrow.
    @freeze_time("2026-11-18 09:00:00")
    def test_thirty_day_deadline_sla_and_escalation(self):
        received = fields.Datetime.now() - timedelta(days=31)
        late = self.new_request("objection", received_date=received)
        on_time = self.new_request("objection")
        self.assertEqual(late.deadline_date, late._local_date(received) + timedelta(days=30))
        self.assertEqual(late.sla_status, "overdue")
        self.assertEqual(on_time.sla_status, "on_track")
        self.assertTrue(on_time.activity_ids.filtered(lambda a: a.user_id == self.dpo))
        self.DataRequest._cron_escalate_overdue()
        self.assertTrue(late.escalated_date)
        self.assertFalse(on_time.escalated_date)
        escalations = late.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("beneficiary_relations.mail_activity_type_escalation")
            )
        )
        self.assertTrue(escalations)
        self.DataRequest._cron_escalate_overdue()
        self.assertEqual(
            late.activity_ids.filtered(
                lambda a: a.activity_type_id == escalations.activity_type_id
            ),
            escalations,
        )
        late.with_user(self.dpo).answer = "لا نعالج بياناتك لأغراض التسويق"
        late.with_user(self.dpo).action_process()
        self.assertEqual(late.state, "done")
        self.assertEqual(late.sla_status, "answered_late")

    def test_only_the_dpo_processes(self):
        request = self.new_request("access")
        with self.assertRaises(AccessError):
            request.with_user(self.officer).action_process()
        with self.assertRaises(AccessError):
            request.with_user(self.manager)._do_refuse("لا")
        with self.assertRaises(AccessError):
            self.DataRequest.with_user(self.internal_user).search([])
        self.assertEqual(request.state, "received")

    def test_access_bundle_holds_the_person_and_no_one_else(self):
        self.create_request(beneficiary=self.file_a, description="طلب إيجار هيا")
        self.create_request(beneficiary=self.file_b, description="طلب منيرة")
        request = self.new_request("access")
        request.with_user(self.dpo).action_process()
        self.assertEqual(request.state, "done")
        files = {a.mimetype: a for a in request.bundle_attachment_ids}
        self.assertEqual(set(files), {"application/json", "application/pdf"})
        data = json.loads(files["application/json"].raw)
        self.assertEqual(data["name"], "هيا سعد القحطاني")
        self.assertEqual(data["national_id"], self.file_a.national_id)
        self.assertEqual([m["name"] for m in data["members"]], ["ريم خالد القحطاني"])
        self.assertEqual(len(data["requests"]), 1)
        self.assertIn("complaints", data)
        self.assertIn("disbursements", data)
        text = files["application/json"].raw.decode()
        pdf = files["application/pdf"].raw.decode()
        for content in (text, pdf):
            self.assertNotIn("منيرة", content)
            self.assertNotIn(self.file_b.national_id, content)
            self.assertNotIn(self.file_b.reference, content)
        self.assertIn("هيا سعد القحطاني", pdf)
        self.assertIn("ريم خالد القحطاني", pdf)
        self.assertEqual(len(self.log_rows(self.file_a, "bundle")), 1)

    def test_correction_goes_to_the_data_update_review(self):
        request = self.new_request("correction", description="رقم الجوال الصحيح 0551234567")
        request.with_user(self.dpo).action_process()
        update = request.update_request_id
        self.assertEqual(update.kind, "data_update")
        self.assertEqual(update.beneficiary_id, self.file_a)
        self.assertEqual(request.state, "in_progress")
        with self.assertRaisesRegex(UserError, "not finished"):
            request.with_user(self.dpo).action_done()
        update._do_cancel("تم التصحيح هاتفيًا")
        request.with_user(self.dpo).action_done()
        self.assertEqual(request.state, "done")

    def test_destruction_of_an_open_file_is_refused_with_the_reason(self):
        request = self.new_request("destruction")
        request.with_user(self.dpo).action_process()
        self.assertEqual(request.state, "refused")
        self.assertIn("still open", request.refusal_reason)
        self.assertEqual(self.file_a.name, "هيا سعد القحطاني")
        self.assertFalse(self.file_a.anonymised_date)

    def test_withdrawal_of_consent(self):
        self.file_a.action_record_consent()
        request = self.new_request("withdrawal")
        request.with_user(self.dpo).action_process()
        self.assertFalse(self.file_a.has_consent)
        self.assertTrue(self.file_a.consent_withdrawn_date)
        self.assertEqual(request.state, "done")

    def test_objection_needs_an_answer(self):
        request = self.new_request("objection")
        with self.assertRaisesRegex(UserError, "answer"):
            request.with_user(self.dpo).action_process()
        self.assertEqual(request.state, "received")

    def test_portal_files_only_their_own(self):
        portal = self.env["res.users"].create(
            {
                "name": "هيا سعد القحطاني",
                "login": "portal_haya",
                "partner_id": self.file_a.partner_id.id,
                "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        DataRequest = self.DataRequest.with_user(portal)
        mine = DataRequest._portal_create(self.file_a.with_user(portal), "access", "نسخة")
        self.assertEqual(mine.channel_id, self.env.ref("beneficiary_relations.channel_website"))
        with self.assertRaises(AccessError):
            DataRequest._portal_create(self.file_b, "access", "")
        other = self.new_request("access", beneficiary=self.file_b)
        self.assertEqual(DataRequest.search([]), mine)
        with self.assertRaises(AccessError):
            other.with_user(portal).read(["name"])


@tagged("post_install", "-at_install")
class TestAnonymisation(DataProtectionCase):
    def make_history(self, beneficiary):
        request = self.create_request(beneficiary=beneficiary, description="طلب إيجار هيا القحطاني")
        document = self.env["beneficiary.document"].create(
            {
                "beneficiary_id": beneficiary.id,
                "type_id": self.doc_type_id_card.id,
                "number": "ID-777",
                "attachment": b"JVBERi0xLjQK",
                "attachment_name": "هوية.pdf",
            }
        )
        beneficiary.message_post(
            body="زارتنا هيا سعد القحطاني اليوم",
            attachments=[("تقرير.txt", b"hello")],
        )
        request.message_post(body="اتصلت هيا القحطاني على 0551234567")
        self.env["beneficiary.visit"].create(
            {
                "beneficiary_id": beneficiary.id,
                "request_id": request.id,
                "findings": "<p>منزل هيا القحطاني مستأجر</p>",
            }
        )
        return request, document

    def test_destruction_anonymises_everywhere_and_keeps_aggregates(self):
        request, document = self.make_history(self.file_a)
        partner = self.file_a.partner_id
        bank = self.file_a.bank_account_id
        self.assertEqual(bank.acc_number, "SA03 8000 0000 6080 1016 7519")
        self.close_file(self.file_a)
        channel_counts = self.Request._read_group(
            [("beneficiary_id", "=", self.file_a.id)],
            ["channel_id", "type_id", "state"],
            ["__count"],
        )
        data_request = self.DataRequest.with_user(self.officer).create(
            {
                "request_kind": "destruction",
                "beneficiary_id": self.file_a.id,
                "channel_id": self.channel_phone.id,
            }
        )
        self.file_a.preferred_channel_id = self.channel_email
        data_request.with_user(self.dpo).action_process()
        self.assertEqual(data_request.state, "done")
        confirmation = self.env["mail.mail"].search([("email_to", "=", "haya@example.com")])
        self.assertEqual(len(confirmation), 1)
        self.assertTrue(confirmation.auto_delete)
        self.assertFalse(confirmation.model)
        self.assertNotIn("هيا", confirmation.body_html)
        self.env.invalidate_all()
        file_a = self.file_a
        self.assertTrue(file_a.anonymised_date)
        self.assertNotIn("هيا", file_a.name)
        self.assertFalse(file_a.health_notes)
        self.assertFalse(file_a.member_ids)
        self.assertFalse(file_a.document_ids)
        self.assertFalse(document.exists())
        self.assertNotEqual(file_a.national_id[:1], "1")
        self.assertFalse(request.description)
        self.assertFalse(partner.active)
        self.assertFalse(partner.email)
        self.assertNotIn("هيا", partner.with_context(active_test=False).display_name)
        # Her bank account keeps no number; it stays, archived, for the bills it paid.
        self.assertFalse(file_a.bank_account_id)
        self.assertFalse(file_a.bank_iban)
        self.assertEqual(bank.acc_number, f"ANON-{bank.id}")
        self.assertFalse(bank.active)
        self.assertFalse(
            self.env["res.partner.bank"]
            .with_context(active_test=False)
            .search_count([("acc_number", "ilike", "6080 1016 7519")])
        )
        bank_messages = self.env["mail.message"].search(
            [
                "|",
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                "&",
                ("model", "=", "res.partner.bank"),
                ("res_id", "=", bank.id),
            ]
        )
        self.assertTrue(bank_messages)
        for message in bank_messages:
            self.assertNotIn("6080", message.body or "")
        self.assertFalse(bank_messages.tracking_value_ids)
        # Nothing of her stays in the chatter or the attachments of her records.
        messages = self.env["mail.message"].search(
            [
                ("model", "in", ("beneficiary.beneficiary", "beneficiary.request")),
                ("res_id", "in", (file_a.id, request.id)),
            ]
        )
        self.assertTrue(messages)
        for message in messages:
            self.assertNotIn("هيا", message.body or "")
            self.assertNotIn("0551234567", message.body or "")
        self.assertFalse(messages.tracking_value_ids)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    "|",
                    ("res_field", "=", False),
                    ("res_field", "!=", False),
                    (
                        "res_model",
                        "in",
                        ("beneficiary.beneficiary", "beneficiary.document", "beneficiary.request"),
                    ),
                    ("res_id", "in", (file_a.id, document.id, request.id)),
                ]
            )
        )
        self.assertFalse(self.env["mail.message"].search_count([("body", "ilike", "هيا سعد")]))
        self.assertFalse(self.Beneficiary.search_count([("name", "ilike", "هيا")]))
        self.assertFalse(self.env["beneficiary.visit"].search_count([("findings", "ilike", "هيا")]))
        self.assertFalse(data_request.description)
        # The evidence pack still counts her file and requests.
        self.assertEqual(file_a.state, "closed")
        self.assertEqual(file_a.category_id, self.category_widow)
        self.assertEqual(
            self.Request._read_group(
                [("beneficiary_id", "=", file_a.id)],
                ["channel_id", "type_id", "state"],
                ["__count"],
            ),
            channel_counts,
        )
        self.assertTrue(self.log_rows(file_a, "anonymise"))
        # The other person is untouched.
        self.assertEqual(self.file_b.name, "منيرة عبدالعزيز الشهري")

    def test_retention_dry_run_and_scheduled_anonymisation(self):
        self.close_file(self.file_a, years_ago=6)
        self.close_file(self.file_b, years_ago=1)
        dry_run = self.Beneficiary.with_user(self.manager).action_open_retention_dry_run()
        due = self.Beneficiary.search(dry_run["domain"])
        self.assertEqual(due, self.file_a)
        with self.assertRaises(AccessError):
            self.Beneficiary.with_user(self.officer).action_open_retention_dry_run()
        # The dry run destroys nothing.
        self.assertEqual(self.file_a.name, "هيا سعد القحطاني")
        self.assertEqual(self.Beneficiary._cron_anonymise_expired(), 1)
        self.assertTrue(self.file_a.anonymised_date)
        self.assertFalse(self.file_b.anonymised_date)
        self.assertEqual(self.log_rows(self.file_a, "anonymise").channel, "system")
        # Run twice: nothing more to do.
        self.assertEqual(self.Beneficiary._cron_anonymise_expired(), 0)

    def test_scheduled_anonymisation_runs_in_batches(self):
        self.close_file(self.file_a, years_ago=6)
        self.close_file(self.file_b, years_ago=7)
        with patch.object(type(self.env["ir.cron"]), "_notify_progress") as progress:
            self.assertEqual(self.Beneficiary._cron_anonymise_expired(batch_size=1), 1)
            progress.assert_called_with(done=1, remaining=1)
            self.assertEqual(self.Beneficiary._cron_anonymise_expired(batch_size=1), 1)
            progress.assert_called_with(done=1, remaining=0)
        self.assertTrue(self.file_a.anonymised_date and self.file_b.anonymised_date)

    def test_recent_service_holds_the_file(self):
        self.create_request(beneficiary=self.file_a)
        self.close_file(self.file_a, years_ago=6)
        holds = self.file_a._retention_holds()[self.file_a]
        self.assertEqual(len(holds), 1)
        self.assertIn("Requests and complaints", holds[0][1])
        # The association's own period does not hold a destruction the person asks for.
        self.assertFalse(self.file_a._retention_holds(on_request=True)[self.file_a])

    def test_financial_minimum_ten_years(self):
        rule = self.env.ref("beneficiary_relations.retention_rule_financial")
        with self.assertRaisesRegex(ValidationError, "10 years"):
            rule.with_user(self.dpo).period_years = 5
        with self.assertRaisesRegex(ValidationError, "10 years"):
            rule.with_user(self.dpo).keep_on_request = False
        with self.assertRaises(AccessError):
            rule.with_user(self.manager).period_years = 12

    def test_only_the_dpo_anonymises(self):
        self.close_file(self.file_a, years_ago=6)
        with self.assertRaises(AccessError):
            self.file_a.with_user(self.manager)._anonymise("test")
        self.assertFalse(self.file_a.anonymised_date)


@tagged("post_install", "-at_install")
class TestFinancialRetention(DisbursementCase):
    def test_paid_aid_holds_a_destruction_request(self):
        request = self.approved_request(2000)
        disbursement = (
            self.env["beneficiary.disbursement"]
            .with_user(self.finance)
            .create({"request_id": request.id, "amount": 2000})
        )
        disbursement.action_confirm()
        beneficiary = request.beneficiary_id
        beneficiary.with_user(self.manager)._do_close("انتهى الغرض")
        dpo = new_test_user(self.env, "br_dpo_finance", groups=DPO_GROUP)
        data_request = (
            self.env["beneficiary.data.request"]
            .with_user(self.officer)
            .create(
                {
                    "request_kind": "destruction",
                    "beneficiary_id": beneficiary.id,
                    "channel_id": self.channel_hq.id,
                }
            )
        )
        data_request.with_user(dpo).action_process()
        self.assertEqual(data_request.state, "refused")
        self.assertIn("Financial records", data_request.refusal_reason)
        self.assertIn(str(disbursement.date.year + 10), data_request.refusal_reason)
        self.assertFalse(beneficiary.anonymised_date)
        self.assertTrue(beneficiary.national_id.isdigit())


@tagged("post_install", "-at_install")
class TestBreach(DataProtectionCase):
    def new_breach(self, hours_ago=0, **values):
        return (
            self.env["beneficiary.breach"]
            .with_user(self.dpo)
            .create(
                {
                    "description": "فقدان حاسوب محمول يحوي كشف المستفيدات",
                    "discovery_date": fields.Datetime.now() - timedelta(hours=hours_ago),
                    **values,
                }
            )
        )

    def test_deadline_and_escalation_when_near(self):
        near = self.new_breach(hours_ago=50)
        far = self.new_breach(hours_ago=1)
        self.assertEqual(near.notify_deadline, near.discovery_date + timedelta(hours=72))
        self.assertLessEqual(near.hours_left, 22)
        self.env["beneficiary.breach"]._cron_escalate_near_deadline()
        self.assertTrue(near.escalated_date)
        self.assertFalse(far.escalated_date)
        activities = near.activity_ids
        self.assertIn(self.dpo, activities.user_id)
        self.env["beneficiary.breach"]._cron_escalate_near_deadline()
        self.assertEqual(near.activity_ids, activities)

    def test_notifications_on_the_agreed_channel(self):
        self.file_a.preferred_channel_id = self.channel_email
        self.file_b.preferred_channel_id = self.channel_phone
        breach = self.new_breach(
            beneficiary_ids=[(6, 0, (self.file_a | self.file_b).ids)],
            data_category_ids=[
                (6, 0, self.env.ref("beneficiary_relations.data_category_health").ids)
            ],
        )
        with self.assertRaisesRegex(UserError, "reference"):
            breach.action_notify_authority()
        breach.authority_reference = "SDAIA-2026-1"
        breach.action_notify_authority()
        self.assertEqual(breach.state, "authority_notified")
        breach.action_notify_people()
        mailed = breach.message_ids.filtered(lambda m: self.file_a.partner_id in m.partner_ids)
        self.assertTrue(mailed)
        self.assertTrue(
            breach.activity_ids.filtered(lambda a: self.file_b.name in (a.summary or ""))
        )
        with self.assertRaisesRegex(UserError, "actions"):
            breach.action_close()
        breach.actions = "تغيير كلمات المرور وتشفير الأجهزة"
        breach.action_close()
        self.assertEqual(breach.state, "closed")

    def test_rights(self):
        breach = self.new_breach()
        for user in (self.officer, self.researcher, self.internal_user):
            with self.assertRaises(AccessError):
                self.env["beneficiary.breach"].with_user(user).search([])
        with self.assertRaises(AccessError):
            breach.with_user(self.manager).write({"actions": "x"})
        self.assertEqual(breach.with_user(self.manager).name, breach.name)


@tagged("post_install", "-at_install")
class TestProcessingRecord(DataProtectionCase):
    def test_record_of_processing_from_the_configuration(self):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.dpo)
            ._render_qweb_pdf(
                "beneficiary_relations.beneficiary_processing_record_report", self.company.ids
            )
        )
        html = html.decode()
        self.assertIn("Record of Processing Activities", html)
        self.assertIn(self.env.ref("beneficiary_relations.data_category_health").name, html)
        self.assertIn("Accounting and zakat rules: ten years", html)
        self.assertIn(self.aid_type.name, html)


@tagged("post_install", "-at_install")
class TestDataRequestPortal(HttpCase):
    def test_portal_request_and_copy(self):
        beneficiary = self.env["beneficiary.beneficiary"].create(
            {
                "name": "لطيفة ناصر العنزي",
                "national_id": valid_national_id(),
                "category_id": self.env.ref("beneficiary_relations.category_widow").id,
            }
        )
        self.env["res.users"].create(
            {
                "name": "لطيفة ناصر العنزي",
                "login": "portal_latifa",
                "password": "portal_latifa_pass",
                "partner_id": beneficiary.partner_id.id,
                "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        self.authenticate("portal_latifa", "portal_latifa_pass")
        home = self.url_open("/my")
        self.assertIn('href="/my/personal-data"', home.text)
        page = self.url_open("/my/personal-data")
        self.assertEqual(page.status_code, 200)
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(
            "/my/personal-data",
            data={"request_kind": "access", "description": "نسخة من بياناتي", "csrf_token": token},
        )
        self.assertIn("o_beneficiary_data_request_sent", response.text)
        request = self.env["beneficiary.data.request"].search(
            [("beneficiary_id", "=", beneficiary.id)]
        )
        self.assertEqual(request.request_kind, "access")
        dpo = new_test_user(self.env, "br_dpo_portal", groups=DPO_GROUP)
        request.with_user(dpo).action_process()
        copy = self.url_open(f"/my/personal-data/{request.id}/copy.json")
        self.assertEqual(json.loads(copy.content)["name"], "لطيفة ناصر العنزي")
