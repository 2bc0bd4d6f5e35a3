import shutil
import subprocess
import tempfile
from datetime import datetime
from io import BytesIO

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from .common import RequestCase, load_arabic

AR = "ar_001"


class ReportCase(RequestCase):
    """A file with a member and documents, a request decided in a meeting whose
    minutes are approved: everything the four reports print."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_arabic(cls.env)
        cls.beneficiary.write({"birth_date": "1985-03-10", "city": "الرياض"})
        cls.member = cls.env["beneficiary.member"].create(
            {
                "beneficiary_id": cls.beneficiary.id,
                "name": "سارة فهد العتيبي",
                "relation": "daughter",
                "birth_date": "2012-05-01",
                "schooling": "intermediate",
            }
        )
        cls.add_file_documents(cls.beneficiary)
        cls.expired_document = cls.env["beneficiary.document"].create(
            {
                "beneficiary_id": cls.beneficiary.id,
                "type_id": cls.doc_type_id_card.id,
                "number": "OLD-0001",
                "issue_date": "2010-01-01",
                "expiry_date": "2020-06-01",
            }
        )
        # 13/07/2025 08:00 UTC is 11:00 in Riyadh, 18 Muharram 1447.
        cls.moment = datetime(2025, 7, 13, 8, 0)
        # Signed, decided and approved the next day, Monday 14 July (19 Muharram 1447).
        cls.next_day = datetime(2025, 7, 14, 8, 0)
        with freeze_time(cls.next_day):
            cls.request = cls.to_committee(cls.create_request(received_date=cls.moment))
            cls.meeting_record = cls.env["beneficiary.committee.meeting"].create(
                {
                    "committee_id": cls.committee.id,
                    "attendee_ids": [(6, 0, (cls.committee_member | cls.member_2).ids)],
                    "date": cls.moment,
                    "location": "المقر الرئيسي",
                }
            )
            cls.decision = cls.decide(
                cls.request,
                meeting=cls.meeting_record,
                approved_amount=2500,
                reasons="الحالة مستحقة حسب الدراسة",
            )
            cls.meeting_record.action_hold()
            cls.approve_minutes(cls.meeting_record)
        cls.Report = cls.env["ir.actions.report"]

    def render(self, xmlid, records, user=None, lang=AR):
        report = self.Report.with_context(lang=lang, tz="Asia/Riyadh")
        if user:
            report = report.with_user(user)
        content, kind = report._render_qweb_html(xmlid, records.ids)
        self.assertEqual(kind, "html")
        return content.decode()

    def pages(self, content):
        root = lxml_html.fromstring(content)
        return root, root.xpath(
            "//div[contains(concat(' ', @class, ' '), ' o_beneficiary_report ')]"
        )


@tagged("post_install", "-at_install")
class TestReports(ReportCase):
    def test_beneficiary_file(self):
        content = self.render(
            "beneficiary_relations.beneficiary_beneficiary_report_file", self.beneficiary
        )
        _root, pages = self.pages(content)
        self.assertEqual(len(pages), 1)
        self.assertEqual(pages[0].get("dir"), "rtl")
        text = pages[0].text_content()
        for value in (
            self.beneficiary.reference,
            "نورة محمد عبدالله العتيبي",
            self.beneficiary.national_id,
            "الأرامل",
            "سارة فهد العتيبي",
            "OLD-0001",
            "DOC-",
            self.request.name,
            self.decision.name,
            "قبول",
            "19/06/1405 هـ",  # born on 10 March 1985
            "18/01/1447 هـ",  # the request's Hijri received date
            "07/09/1452 هـ",  # document expiry, 1 January 2031
        ):
            self.assertIn(value, text)
        # Mixed values are isolated in <bdi>: the reference and the national ID.
        bdi = [node.text_content() for node in pages[0].iter("bdi")]
        self.assertIn(self.beneficiary.reference, bdi)
        self.assertIn(self.beneficiary.national_id, bdi)
        # Validity: one expired document, two valid ones.
        self.assertEqual(len(pages[0].xpath("//td[@class='o_br_expired']")), 1)
        self.assertEqual(len(pages[0].xpath("//td[@class='o_br_valid']")), 2)
        # Printed in English, the same layout runs left to right.
        english = self.render(
            "beneficiary_relations.beneficiary_beneficiary_report_file",
            self.beneficiary,
            lang="en_US",
        )
        _root, pages = self.pages(english)
        self.assertEqual(pages[0].get("dir"), "ltr")
        self.assertIn("18/01/1447 AH", pages[0].text_content())

    def test_multi_record_printing_is_one_article(self):
        other = self.create_beneficiary(name="هند سالم القحطاني")
        records = self.beneficiary | other
        content = self.render("beneficiary_relations.beneficiary_beneficiary_report_file", records)
        root, pages = self.pages(content)
        # One article (one wkhtmltopdf input page, which Debian's build needs),
        # one page per record.
        self.assertEqual(len(root.xpath("//div[contains(@class, 'article')]")), 1)
        self.assertEqual(len(pages), 2)
        self.assertIn("page-break-before", pages[1].get("style"))
        self.assertIn("هند سالم القحطاني", pages[1].text_content())
        self.assertNotIn("هند سالم القحطاني", pages[0].text_content())

    def test_request_form_with_signed_declaration(self):
        content = self.render("beneficiary_relations.beneficiary_request_report_form", self.request)
        _root, pages = self.pages(content)
        page = pages[0]
        text = page.text_content()
        self.assertIn(self.request.name, text)
        self.assertIn("نورة محمد العتيبي", text)  # the signer
        self.assertIn(self.beneficiary.reference, text)
        self.assertIn("18/01/1447 هـ", text, "received on 13 July 2025")
        self.assertEqual(self.request.declaration_date, self.next_day)
        self.assertIn("19/01/1447 هـ", text, "signed on 14 July 2025")
        images = page.xpath("//table[contains(@class, 'o_br_signature')]//img")
        self.assertEqual(len(images), 1)
        self.assertTrue(images[0].get("src").startswith("data:image/png;base64,"))
        self.assertFalse(page.xpath("//div[@class='o_br_notice']"))

    def test_request_form_unsigned_and_changed(self):
        blank = self.create_request(description="طلب جديد")
        _root, pages = self.pages(
            self.render("beneficiary_relations.beneficiary_request_report_form", blank)
        )
        self.assertFalse(
            pages[0].xpath("//table[contains(@class, 'o_br_signature')]//img"),
            "no signature yet: blank lines to sign on",
        )
        self.assertEqual(len(pages[0].xpath("//span[@class='o_br_signature_line']")), 3)
        self.sign(blank)
        blank.description = "طلب معدل بعد التوقيع"
        _root, pages = self.pages(
            self.render("beneficiary_relations.beneficiary_request_report_form", blank)
        )
        self.assertEqual(len(pages[0].xpath("//div[@class='o_br_notice']")), 1)

    def test_meeting_minutes(self):
        content = self.render(
            "beneficiary_relations.beneficiary_committee_meeting_report_minutes",
            self.meeting_record,
            user=self.committee_member,
        )
        _root, pages = self.pages(content)
        page = pages[0]
        text = page.text_content()
        for value in (
            self.meeting_record.name,
            self.committee.name,
            "المقر الرئيسي",
            "18 محرم 1447 هـ",
            "الأحد",
            self.decision.name,
            self.request.name,
            "قبول",
            "الحالة مستحقة حسب الدراسة",
            self.committee_member.name,
            self.member_2.name,
            self.manager.name,  # a member who did not attend
        ):
            self.assertIn(value, text)
        # Each attendee's approval, dated in both calendars.
        approval_rows = page.xpath(
            "//table[contains(@class, 'o_br_approvals')]//tbody/tr[count(td) = 3]"
        )
        self.assertEqual(len(approval_rows), 2)
        self.assertEqual(self.meeting_record.approved_date, self.next_day)
        self.assertIn("19/01/1447 هـ", text)

    def test_decision_letter(self):
        content = self.render(
            "beneficiary_relations.beneficiary_committee_decision_report_letter", self.decision
        )
        _root, pages = self.pages(content)
        text = pages[0].text_content()
        for value in (
            self.decision.name,
            self.request.name,
            "نورة محمد عبدالله العتيبي",
            "قبول",
            "2,500.00",
            "18/01/1447 هـ",
            self.manager.name,  # the committee's chair signs
        ):
            self.assertIn(value, text)
        action = self.request.with_context(discard_logo_check=True).action_print_decision_letter()
        self.assertEqual(action["report_name"], "beneficiary_relations.report_decision_letter")
        self.assertEqual(action["context"]["active_ids"], self.decision.ids)

    def test_deferred_decision_has_no_letter(self):
        request = self.to_committee(self.create_request())
        deferred = self.decide(request, outcome="defer")
        # Rendered in English here, as the message is checked by its wording.
        with self.assertRaisesRegex(UserError, "defers the request"):
            self.render(
                "beneficiary_relations.beneficiary_committee_decision_report_letter",
                deferred,
                lang="en_US",
            )
        undecided = self.create_request()
        with self.assertRaisesRegex(UserError, "has no decision yet"):
            undecided.action_print_decision_letter()

    def test_printing_respects_access(self):
        # An officer reads every file; a researcher only the files assigned to them.
        self.render(
            "beneficiary_relations.beneficiary_beneficiary_report_file",
            self.beneficiary,
            user=self.officer,
        )
        with self.assertRaises(AccessError):
            self.render(
                "beneficiary_relations.beneficiary_beneficiary_report_file",
                self.beneficiary,
                user=self.researcher,
            )
        # A member of another committee cannot print these minutes.
        with self.assertRaises(AccessError):
            self.render(
                "beneficiary_relations.beneficiary_committee_meeting_report_minutes",
                self.meeting_record,
                user=self.outsider_member,
            )

    def test_real_pdf(self):
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        # wkhtmltopdf loads the report's CSS over HTTP from Odoo; in a test the
        # server waits on the test's cursor, so point it at a closed port: the
        # PDF is then made without the assets instead of waiting forever.
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        other = self.create_beneficiary(name="هند سالم القحطاني")
        records = self.beneficiary | other
        pdf, kind = self.Report.with_context(
            force_report_rendering=True, lang=AR, tz="Asia/Riyadh"
        )._render_qweb_pdf("beneficiary_relations.beneficiary_beneficiary_report_file", records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreaterEqual(PdfFileReader(BytesIO(pdf)).getNumPages(), 2)
        if shutil.which("pdftotext"):
            with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
                handle.write(pdf)
                handle.flush()
                text = subprocess.run(
                    ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
                    capture_output=True,
                    check=True,
                    timeout=60,
                ).stdout.decode()
            self.assertIn(self.beneficiary.reference, text)
            self.assertIn(other.reference, text)
            self.assertIn(self.beneficiary.national_id, text)
