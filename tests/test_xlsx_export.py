import base64
import os
from datetime import date, datetime
from io import BytesIO
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..tools.hijri import format_hijri
from .common import RequestCase

try:
    import openpyxl
except ImportError:  # pragma: no cover - depends on the machine
    openpyxl = None

AR = "ar_001"


def read_sheet(path_or_bytes):
    source = BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    book = openpyxl.load_workbook(source)
    return book, book.worksheets[0]


@tagged("post_install", "-at_install")
class TestXlsxExport(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(AR)
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
        Beneficiary = self.Beneficiary.with_context(lang=AR)
        files = Beneficiary.search([("id", "in", (self.beneficiary | self.others).ids)])
        # Chunks of 2 records: three records take two chunks.
        with patch.object(type(Beneficiary), "_xlsx_chunk_size", 2):
            path, count = self.export(files)
        self.assertEqual(count, 3)
        _book, sheet = read_sheet(path)
        self.assertEqual(
            sheet.title,
            self.env["ir.model"].with_context(lang=AR)._get("beneficiary.beneficiary").name[:31],
        )
        self.assertTrue(sheet.sheet_view.rightToLeft)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.max_row, 4)
        headers = [cell.value for cell in sheet[1]]
        fields_ = Beneficiary._fields
        expected = [
            fields_[name]._description_string(Beneficiary.env)
            for name in (Beneficiary._xlsx_export_fields)
        ]
        self.assertEqual(headers, expected)
        self.assertEqual(sheet.auto_filter.ref, f"A1:{sheet.cell(1, len(headers)).column_letter}4")
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(set(rows), set(files.mapped("reference")))
        first = rows[self.beneficiary.reference]
        column = {name: index for index, name in enumerate(Beneficiary._xlsx_export_fields)}
        self.assertEqual(first[column["name"]], "نورة محمد عبدالله العتيبي")
        self.assertEqual(first[column["national_id"]], self.beneficiary.national_id)
        self.assertEqual(
            first[column["category_id"]], self.category_widow.with_context(lang=AR).name
        )
        state_labels = dict(fields_["state"]._description_selection(Beneficiary.env))
        self.assertEqual(first[column["state"]], state_labels["active"])
        self.assertEqual(first[column["household_size"]], 1)
        self.assertEqual(
            first[column["registration_date"]].date(), self.beneficiary.registration_date
        )

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
        Request = self.Request.with_context(lang=AR, tz="Asia/Riyadh")
        records = Request.browse((answered | pending).ids)
        path, count = self.export(records)
        self.assertEqual(count, 2)
        _book, sheet = read_sheet(path)
        self.assertTrue(sheet.sheet_view.rightToLeft)
        headers = [cell.value for cell in sheet[1]]
        names = list(Request._xlsx_export_fields)
        self.assertEqual(
            headers[: len(names)],
            [Request._fields[name]._description_string(Request.env) for name in names],
        )
        self.assertEqual(len(headers), len(names) + 3)
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        row = rows[answered.name]
        column = {name: index for index, name in enumerate(names)}
        sla_labels = dict(Request._fields["sla_status"]._description_selection(Request.env))
        self.assertEqual(row[column["sla_status"]], sla_labels["answered_on_time"])
        # 15 working days after Tuesday 1 July 2025: Tuesday 22 July.
        self.assertEqual(row[column["deadline_date"]].date(), date(2025, 7, 22))
        self.assertEqual(row[column["time_to_answer"]], 48)
        # Received 09:00 Riyadh time (06:00 UTC).
        self.assertEqual(row[column["received_date"]], datetime(2025, 7, 1, 9, 0))
        self.assertEqual(row[len(names)], format_hijri(date(2025, 7, 22), "ar"))
        # Beside the formatted Hijri date, a year-month-day text that sorts in order.
        self.assertEqual(row[len(names) + 1], "1447-01-27")
        self.assertEqual(row[len(names) + 2], 2, "Tuesday to Thursday: two working days")
        # Answered: no working days left (an empty cell, not 0).
        self.assertIsNone(row[column["days_remaining"]])
        other = rows[pending.name]
        self.assertEqual(other[column["sla_status"]], sla_labels["not_started"])
        self.assertIsNone(other[len(names)])
        self.assertIsNone(other[len(names) + 1])
        self.assertIsNone(other[len(names) + 2])
        # Not answered, not decided: the hours to answer and the approved amount are empty.
        self.assertIsNone(other[column["time_to_answer"]])
        self.assertIsNone(other[column["approved_amount"]])
        self.assertIsNone(other[column["days_remaining"]], "no deadline yet")
