import base64
import os
from datetime import date, datetime
from io import BytesIO
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RequestCase, load_arabic

try:
    import openpyxl
except ImportError:  # pragma: no cover - depends on the machine
    openpyxl = None

AR = "ar_001"
# The columns as an Arabic user reads them, in order.
FILE_HEADERS = [
    "رقم الملف",
    "الاسم",
    "رقم الهوية الوطنية / الإقامة",
    "الفئة",
    "الحالة",
    "الفرع",
    "الجنس",
    "الحالة الاجتماعية",
    "تاريخ الميلاد",
    "تاريخ الميلاد (هجري)",
    "المدينة",
    "الجوال",
    "عدد أفراد الأسرة",
    "الدخل الشهري",
    "الدخل الشهري للفرد",
    "نوع السكن",
    "إعاقة",
    "مرض مزمن",
    "قناة التواصل المفضلة",
    "الباحث الاجتماعي",
    "تاريخ التسجيل",
    "تاريخ منح الموافقة",
]
REQUEST_HEADERS = [
    "المرجع",
    "نوع الطلب",
    "ملف المستفيد",
    "متقدم",
    "الفئة",
    "قناة الاستلام",
    "الفرع",
    "تاريخ الاستلام",
    "الحالة",
    "تاريخ الاكتمال",
    "مهلة الرد",
    "حالة مهلة الرد",
    "الأيام المتبقية",
    "تاريخ الرد",
    "مدة الرد (بالساعات)",
    "مُسند إلى",
    "اللجنة",
    "النتيجة",
    "المبلغ المعتمد",
    "تاريخ التصعيد",
    "مهلة الرد (هجري)",
    "موعد الرد (هجري، قابل للفرز)",
    "أيام العمل حتى الرد",
]


def read_sheet(path_or_bytes):
    source = BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    book = openpyxl.load_workbook(source)
    return book, book.worksheets[0]


@tagged("post_install", "-at_install")
class TestXlsxExport(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_arabic(cls.env)
        cls.others = cls.Beneficiary.browse()
        for name in ("هند سالم القحطاني", "منى علي الشهري"):
            cls.others |= cls.create_beneficiary(name=name, category_id=cls.category_divorcee.id)

    def setUp(self):
        super().setUp()
        if openpyxl is None:
            self.skipTest("openpyxl is not installed")

    def export(self, records, **kwargs):
        path, count = records._xlsx_export_to_file(**kwargs)
        self.addCleanup(os.unlink, path)
        return path, count

    def test_registry_export_in_chunks(self):
        # The officer exports the registry.
        Beneficiary = self.Beneficiary.with_user(self.officer).with_context(lang=AR)
        files = Beneficiary.search([("id", "in", (self.beneficiary | self.others).ids)])
        # Chunks of 2 records: three records take two chunks.
        with patch.object(type(Beneficiary), "_xlsx_chunk_size", 2):
            path, count = self.export(files)
        self.assertEqual(count, 3)
        _book, sheet = read_sheet(path)
        self.assertEqual(sheet.title, "ملف المستفيد")
        self.assertTrue(sheet.sheet_view.rightToLeft)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.max_row, 4)
        self.assertEqual([cell.value for cell in sheet[1]], FILE_HEADERS)
        self.assertEqual(sheet.auto_filter.ref, "A1:V4")
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(set(rows), set(files.mapped("reference")))
        first = dict(zip(FILE_HEADERS, rows[self.beneficiary.reference], strict=True))
        self.assertEqual(first["الاسم"], "نورة محمد عبدالله العتيبي")
        self.assertEqual(first["رقم الهوية الوطنية / الإقامة"], self.beneficiary.national_id)
        self.assertEqual(first["الفئة"], "الأرامل")
        self.assertEqual(first["الحالة"], "مسجَّل")
        self.assertEqual(first["عدد أفراد الأسرة"], 1)
        self.assertEqual(first["تاريخ التسجيل"].date(), self.beneficiary.registration_date)

    def test_export_respects_access(self):
        # A researcher reads no file they are not assigned to.
        with self.assertRaises(AccessError):
            self.export(self.beneficiary.with_user(self.researcher))
        # Searching as them finds nothing to export: an empty sheet.
        path, count = self.export(self.Beneficiary.with_user(self.researcher), domain=[])
        self.assertEqual(count, 0)
        self.assertEqual(read_sheet(path)[1].max_row, 1)

    def test_export_action_downloads_an_attachment_of_the_user(self):
        action = (self.beneficiary | self.others).with_user(self.officer).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].with_user(self.officer).browse(attachment_id)
        self.assertEqual(attachment.create_uid, self.officer)
        self.assertTrue(attachment.name.endswith(".xlsx"))
        _book, sheet = read_sheet(base64.b64decode(attachment.datas))
        self.assertEqual(sheet.max_row, 4)
        # Another user cannot download it.
        with self.assertRaises(AccessError):
            attachment.with_user(self.researcher).datas  # noqa: B018

    def test_export_from_the_list_action_menu(self):
        for model, xmlid, records in (
            (
                "beneficiary.beneficiary",
                "beneficiary_beneficiary_action_export_xlsx",
                self.beneficiary | self.others,
            ),
            (
                "beneficiary.request",
                "beneficiary_request_action_export_xlsx",
                self.create_request(),
            ),
        ):
            server_action = self.env.ref(f"beneficiary_relations.{xmlid}")
            self.assertEqual(server_action.binding_model_id.model, model)
            self.assertEqual(server_action.binding_view_types, "list")
            action = (
                server_action.with_user(self.officer)
                .with_context(active_model=model, active_ids=records.ids, active_id=records[:1].id)
                .run()
            )
            self.assertEqual(action["type"], "ir.actions.act_url")
            attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
            data = self.env["ir.attachment"].browse(attachment_id).raw
            self.assertEqual(read_sheet(data)[1].max_row, len(records) + 1)

    def test_selecting_the_whole_list_exports_past_the_ids_limit(self):
        self.env["ir.config_parameter"].set_param("web.active_ids_limit", "2")
        everything = self.beneficiary | self.others
        domain = [("id", "in", everything.ids)]
        # The web client sent only the first two ids of the three selected.
        action = (
            everything[:2]
            .with_user(self.officer)
            .with_context(active_domain=domain)
            .action_export_xlsx()
        )
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        data = self.env["ir.attachment"].browse(attachment_id).raw
        self.assertEqual(read_sheet(data)[1].max_row, 4, "the three records of the domain")
        # A selection below the limit is exported as it is, whatever the domain.
        action = (
            self.beneficiary.with_user(self.officer)
            .with_context(active_domain=domain)
            .action_export_xlsx()
        )
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        data = self.env["ir.attachment"].browse(attachment_id).raw
        self.assertEqual(read_sheet(data)[1].max_row, 2)

    def test_old_exports_are_removed(self):
        action = self.beneficiary.action_export_xlsx()
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.env["beneficiary.beneficiary"]._gc_xlsx_exports()
        self.assertTrue(attachment.exists(), "a fresh export is kept")
        self.env.cr.execute(
            "UPDATE ir_attachment SET create_date = now() - interval '2 days' WHERE id = %s",
            [attachment.id],
        )
        self.env.invalidate_all()
        self.env["beneficiary.beneficiary"]._gc_xlsx_exports()
        self.assertFalse(attachment.exists())

    def test_requests_export_with_sla_figures(self):
        answered = self.create_request(received_date=datetime(2025, 7, 1, 6, 0))
        answered.write(
            {
                "complete_date": datetime(2025, 7, 1, 6, 0),
                "answer_date": datetime(2025, 7, 3, 6, 0),
            }
        )
        pending = self.create_request(received_date=datetime(2025, 7, 1, 6, 0))
        Request = self.Request.with_user(self.officer).with_context(lang=AR, tz="Asia/Riyadh")
        records = Request.browse((answered | pending).ids)
        path, count = self.export(records)
        self.assertEqual(count, 2)
        _book, sheet = read_sheet(path)
        self.assertTrue(sheet.sheet_view.rightToLeft)
        self.assertEqual([cell.value for cell in sheet[1]], REQUEST_HEADERS)
        rows = {
            row[0]: dict(zip(REQUEST_HEADERS, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)
        }
        row = rows[answered.name]
        self.assertEqual(row["حالة مهلة الرد"], "تم الرد في الموعد")
        # 15 working days after Tuesday 1 July 2025: Tuesday 22 July.
        self.assertEqual(row["مهلة الرد"].date(), date(2025, 7, 22))
        self.assertEqual(row["مدة الرد (بالساعات)"], 48)
        # Received 09:00 Riyadh time (06:00 UTC).
        self.assertEqual(row["تاريخ الاستلام"], datetime(2025, 7, 1, 9, 0))
        self.assertEqual(row["مهلة الرد (هجري)"], "27/01/1447 هـ")
        # Beside the formatted Hijri date, a year-month-day text that sorts in order.
        self.assertEqual(row["موعد الرد (هجري، قابل للفرز)"], "1447-01-27")
        self.assertEqual(row["أيام العمل حتى الرد"], 2, "Tuesday to Thursday: two working days")
        # Answered: no working days left (an empty cell, not 0).
        self.assertIsNone(row["الأيام المتبقية"])
        other = rows[pending.name]
        self.assertEqual(other["حالة مهلة الرد"], "لم يبدأ احتساب المهلة")
        self.assertIsNone(other["مهلة الرد (هجري)"])
        self.assertIsNone(other["موعد الرد (هجري، قابل للفرز)"])
        self.assertIsNone(other["أيام العمل حتى الرد"])
        # Not answered, not decided: the hours to answer and the approved amount are empty.
        self.assertIsNone(other["مدة الرد (بالساعات)"])
        self.assertIsNone(other["المبلغ المعتمد"])
        self.assertIsNone(other["الأيام المتبقية"], "no deadline yet")
