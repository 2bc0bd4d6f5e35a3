"""Every report prints every word: the PDF's text holds each word of its HTML.

Runs when wkhtmltopdf and pdftotext are installed, over the demo data (one
record of every report type), in Arabic, each report alone and several records
at once. wkhtmltopdf fetches the report CSS from ``report.url``: the HttpCase's
server answers it.
"""

import re
import shutil
import subprocess
import tempfile
import unicodedata
from datetime import date

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged

AR = "ar_001"

# pdftotext drops the lam-alef and "الله" ligature glyphs: both texts lose them
# before they are compared. It also cuts a word at a short vowel or shadda and
# moves the letters after it to the next piece of text: such a word is looked
# for in the printed text with its spaces removed.
_LIGATURES = re.compile("لله|ل[اأإآ]")
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_WORD = re.compile("[\\w\u064b-\u065f\u0670\u0640]+")
_NOT_LETTER = re.compile("[\\W_]+")


def words(text):
    """``(word, had_mark)`` of each word, marks removed."""
    text = _LIGATURES.sub(" ", unicodedata.normalize("NFKC", text))
    return [(_MARKS.sub("", word), bool(_MARKS.search(word))) for word in _WORD.findall(text)]


@tagged("post_install", "-at_install")
class TestReportsPrintEveryWord(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext")):
            cls.skipTest(cls, "wkhtmltopdf and pdftotext are needed to read the printed text")
        if not cls.env.ref("beneficiary_relations.user_officer", raise_if_not_found=False):
            cls.skipTest(cls, "the demo data is not installed")
        cls.env["res.lang"]._activate_lang(AR)

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        self.Report = self.env["ir.actions.report"].with_context(
            lang=AR, tz="Asia/Riyadh", force_report_rendering=True
        )

    def pdf_text(self, pdf):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.run(
                ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
                capture_output=True,
                check=True,
                timeout=120,
            ).stdout.decode()

    def html_text(self, content):
        """The printed body: every article, the letterhead included (no page footer)."""
        root = lxml_html.fromstring(content)
        articles = root.xpath("//div[contains(concat(' ', @class, ' '), ' article ')]")
        self.assertTrue(articles)
        return " ".join(" ".join(article.itertext()) for article in articles)

    def assert_every_word_printed(self, report, records):
        content, _kind = self.Report._render_qweb_html(report.report_name, records.ids)
        expected = words(self.html_text(content))
        self.assertGreater(len(expected), 20, f"{report.name}: nothing to print")
        pdf, kind = self.Report._render_qweb_pdf(report.report_name, records.ids)
        self.assertEqual(kind, "pdf")
        text = self.pdf_text(pdf)
        printed = {word for word, _mark in words(text)}
        squashed = _NOT_LETTER.sub(
            "", _MARKS.sub("", _LIGATURES.sub(" ", unicodedata.normalize("NFKC", text)))
        )
        lost = sorted(
            {
                word
                for word, had_mark in expected
                if word and word not in printed and not (had_mark and word in squashed)
            }
        )
        self.assertFalse(
            lost, f"{report.name} ({len(records)} record(s)) lost words in the PDF: {lost}"
        )

    def records_of(self, report):
        Model = self.env[report.model]
        if report.model == "beneficiary.evidence.pack.wizard":
            company = self.env.ref("base.main_company")
            return Model.create(
                {
                    "date_from": date(date.today().year - 1, 1, 1),
                    "date_to": date.today(),
                    "company_id": company.id,
                }
            )
        domain = []
        if report.model == "beneficiary.committee.decision":
            domain = [("outcome", "!=", "defer")]
        return Model.search(domain, limit=3, order="id")

    def test_every_report_alone_and_several_at_once(self):
        reports = self.env["ir.actions.report"].search(
            [("report_name", "=like", "beneficiary_relations.%")]
        )
        self.assertGreaterEqual(len(reports), 9)
        for report in reports:
            records = self.records_of(report)
            with self.subTest(report=report.name):
                self.assertTrue(records, f"the demo data has no record for {report.name}")
                self.assert_every_word_printed(report, records[:1])
                if len(records) > 1:
                    self.assert_every_word_printed(report, records)

    def test_demo_association(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.currency_id, self.env.ref("base.SAR"))
        self.assertEqual(company.paperformat_id.format, "A4")
        self.assertEqual(company.city, "الرياض")
        self.assertTrue(company.logo and company.beneficiary_licence_number)
        self.assertTrue(company.beneficiary_licence_authority)
        staff = self.env.ref("beneficiary_relations.user_officer") | self.env.ref(
            "beneficiary_relations.user_researcher"
        )
        self.assertTrue(all(staff.mapped("email")))
        compensation = self.env.ref("beneficiary_relations.compensation_demo_ruling")
        self.assertEqual(compensation.state, "agreed")
        self.assertEqual(compensation.currency_id, company.currency_id)
