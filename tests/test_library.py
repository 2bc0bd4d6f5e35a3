import base64

import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from .common import BeneficiaryCase

PDF = b"%PDF-1.4\n%library test\n"
REFUSED = "can only be changed with"


class LibraryCase(BeneficiaryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["beneficiary.library.document"]
        cls.Version = cls.env["beneficiary.library.version"]
        cls.guide = cls.Document.with_user(cls.officer).create(
            {"name": "دليل البحث الاجتماعي", "kind": "research_guide", "is_public": True}
        )
        cls.internal_guide = cls.Document.with_user(cls.officer).create(
            {"name": "دليل الإجراءات الداخلية", "kind": "other", "is_public": False}
        )

    def new_version(self, document, user=None, **values):
        vals = {
            "document_id": document.id,
            "file": base64.b64encode(PDF),
            "file_name": "guide.pdf",
        }
        vals.update(values)
        return (
            self.Version.with_user(user or self.officer)
            .with_context(default_document_id=document.id)
            .create(vals)
        )


@tagged("post_install", "-at_install")
class TestLibrary(LibraryCase):
    def test_approval_flow_and_only_one_current_version(self):
        first = self.new_version(self.guide)
        self.assertEqual((first.state, first.version_number), ("draft", 1))
        self.assertFalse(self.guide.current_version_id)
        with self.assertRaises(AccessError):
            first.with_user(self.officer).action_approve()
        first.with_user(self.manager).action_approve()
        self.assertEqual(first.state, "approved")
        self.assertEqual(first.approved_by_id, self.manager)
        self.assertTrue(first.approval_date)
        self.assertEqual(self.guide.current_version_id, first)
        second = self.new_version(self.guide, changes="تحديث نماذج الزيارة")
        self.assertEqual(second.version_number, 2)
        second.with_user(self.manager).action_approve()
        self.assertEqual(first.state, "archived")
        self.assertEqual(self.guide.current_version_id, second)
        self.assertEqual(self.guide.current_version_number, 2)
        self.assertEqual(
            self.Version.search_count(
                [("document_id", "=", self.guide.id), ("state", "=", "approved")]
            ),
            1,
        )
        second.with_user(self.manager).action_archive_version()
        self.assertFalse(self.guide.current_version_id)

    def test_database_keeps_one_approved_version(self):
        first, second = self.new_version(self.guide), self.new_version(self.guide)
        first.with_user(self.manager).action_approve()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE beneficiary_library_version SET state = 'approved' WHERE id = %s",
                    [second.id],
                )

    def test_refused_transitions_and_changes(self):
        draft = self.new_version(self.guide)
        empty = self.new_version(self.guide, file=False, file_name=False)
        with self.assertRaisesRegex(UserError, "Attach the file"):
            empty.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "Only the approved version"):
            draft.with_user(self.manager).action_archive_version()
        with self.assertRaisesRegex(UserError, REFUSED):
            draft.with_user(self.manager).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, REFUSED):
            self.new_version(self.guide, user=self.manager, state="approved")
        draft.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "only a draft version"):
            draft.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, REFUSED):
            draft.with_user(self.manager).write({"file": base64.b64encode(b"%PDF-1.4 other")})
        with self.assertRaisesRegex(UserError, "Only draft versions"):
            draft.with_user(self.manager).unlink()
        self.assertEqual(base64.b64decode(draft.file), PDF)
        with self.assertRaises(AccessError):
            self.new_version(self.guide, user=self.researcher)

    def test_staff_and_public_access(self):
        draft_only = self.new_version(self.internal_guide)
        approved = self.new_version(self.guide)
        approved.with_user(self.manager).action_approve()
        draft_of_public = self.new_version(self.guide)
        # The researcher reads the library but not the drafts.
        self.assertIn(self.internal_guide, self.Document.with_user(self.researcher).search([]))
        self.assertEqual(
            self.Version.with_user(self.researcher).search(
                [("document_id", "in", (self.guide | self.internal_guide).ids)]
            ),
            approved,
        )
        public = self.env.ref("base.public_user")
        portal = new_test_user(self.env, "br_library_portal", groups="base.group_portal")
        for user in (public, portal):
            with self.subTest(user=user.login):
                documents = self.Document.with_user(user).search([])
                self.assertIn(self.guide, documents)
                self.assertNotIn(self.internal_guide, documents)
                versions = self.Version.with_user(user).search([])
                self.assertIn(approved, versions)
                self.assertNotIn(draft_of_public, versions)
                self.assertNotIn(draft_only, versions)
                with self.assertRaises(AccessError):
                    self.Document.with_user(user).create({"name": "x"})


@tagged("post_install", "-at_install")
class TestLibraryPublicPage(HttpCase, LibraryCase):
    def test_public_page_lists_and_downloads_only_published_versions(self):
        approved = self.new_version(self.guide, file_name="دليل البحث.pdf")
        approved.with_user(self.manager).action_approve()
        internal = self.new_version(self.internal_guide)
        internal.with_user(self.manager).action_approve()
        page = self.url_open("/beneficiary-relations/library")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.guide.name, page.text)
        self.assertNotIn(self.internal_guide.name, page.text)
        download = self.url_open(self.guide._public_download_url())
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, PDF)
        self.assertIn("attachment", download.headers["Content-Disposition"])
        self.assertEqual(self.url_open(self.internal_guide._public_download_url()).status_code, 404)
        # A new draft changes nothing on the page until it is approved.
        self.new_version(self.guide, file=base64.b64encode(b"%PDF-1.4 draft"))
        self.assertEqual(self.url_open(self.guide._public_download_url()).content, PDF)
        approved.with_user(self.manager).action_archive_version()
        self.assertEqual(self.url_open(self.guide._public_download_url()).status_code, 404)
