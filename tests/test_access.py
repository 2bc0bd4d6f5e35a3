from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import BeneficiaryCase, valid_national_id


@tagged("post_install", "-at_install")
class TestAccess(BeneficiaryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assigned = cls.create_beneficiary(
            researcher_id=cls.researcher.id,
            committee_user_ids=[(6, 0, cls.committee_member.ids)],
            health_notes="ربو مزمن",
            member_ids=[
                (0, 0, {"name": "ريان", "relation": "son", "national_id": valid_national_id()})
            ],
        )
        cls.unassigned = cls.create_beneficiary(
            name="سارة فهد الدوسري", researcher_id=cls.other_researcher.id
        )
        cls.env["beneficiary.document"].create(
            [
                {"beneficiary_id": cls.assigned.id, "type_id": cls.doc_type_id_card.id},
                {"beneficiary_id": cls.unassigned.id, "type_id": cls.doc_type_id_card.id},
            ]
        )
        cls.files = cls.assigned | cls.unassigned

    def _visible(self, user, model="beneficiary.beneficiary"):
        return (
            self.env[model]
            .with_user(user)
            .search(
                [
                    (
                        "beneficiary_id" if model != "beneficiary.beneficiary" else "id",
                        "in",
                        self.files.ids,
                    )
                ]
            )
        )

    def test_officer_sees_creates_and_edits_every_file(self):
        self.assertEqual(self._visible(self.officer), self.files)
        self.unassigned.with_user(self.officer).write({"housing_type": "rented"})
        created = self.create_beneficiary(user=self.officer)
        self.assertEqual(created.create_uid, self.officer)

    def test_researcher_works_only_on_assigned_files(self):
        self.assertEqual(self._visible(self.researcher), self.assigned)
        self.assertEqual(
            self._visible(self.researcher, "beneficiary.member").beneficiary_id, self.assigned
        )
        self.assertEqual(
            self._visible(self.researcher, "beneficiary.document").beneficiary_id, self.assigned
        )
        self.assigned.with_user(self.researcher).write({"health_notes": "تمت الزيارة الميدانية"})
        self.assertEqual(self.assigned.health_notes, "تمت الزيارة الميدانية")
        with self.assertRaises(AccessError):
            self.unassigned.with_user(self.researcher).read(["health_notes"])
        with self.assertRaises(AccessError):
            self.unassigned.with_user(self.researcher).write({"health_notes": "x"})
        with self.assertRaises(AccessError):
            self.env["beneficiary.member"].with_user(self.researcher).create(
                {"beneficiary_id": self.unassigned.id, "name": "x", "relation": "son"}
            )
        with self.assertRaises(AccessError):
            self.create_beneficiary(user=self.researcher)

    def test_committee_member_reads_only_reviewed_files(self):
        self.assertEqual(self._visible(self.committee_member), self.assigned)
        self.assertEqual(self.assigned.with_user(self.committee_member).health_notes, "ربو مزمن")
        with self.assertRaises(AccessError):
            self.assigned.with_user(self.committee_member).write({"health_notes": "x"})
        with self.assertRaises(AccessError):
            self.unassigned.with_user(self.committee_member).read(["name"])

    def test_users_outside_the_module_cannot_read_sensitive_data(self):
        user = self.internal_user
        with self.assertRaises(AccessError):
            self.assigned.with_user(user).read(["national_id"])
        with self.assertRaises(AccessError):
            self.env["beneficiary.member"].with_user(user).search([])
        partner = self.assigned.partner_id.with_user(user)
        # The contact itself is an ordinary contact…
        self.assertEqual(partner.name, self.assigned.name)
        # …but nothing of the file is reachable through it.
        self.assertNotIn("beneficiary_ids", partner.fields_get())
        with self.assertRaises(AccessError):
            partner.read(["beneficiary_ids"])
        with self.assertRaises(AccessError):
            partner.read(["beneficiary_count"])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(user).search(
                [("beneficiary_ids.national_id", "=", self.assigned.national_id)]
            )
        # Staff of the module do see the link.
        self.assertEqual(
            self.assigned.partner_id.with_user(self.officer).beneficiary_ids, self.assigned
        )

    def test_portal_user_sees_only_own_file(self):
        portal = self.env["res.users"].create(
            {
                "name": self.assigned.name,
                "login": "br_portal",
                "partner_id": self.assigned.partner_id.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.assertEqual(self._visible(portal), self.assigned)
        self.assertEqual(self._visible(portal, "beneficiary.member").beneficiary_id, self.assigned)
        self.assertEqual(
            self._visible(portal, "beneficiary.document").beneficiary_id, self.assigned
        )
        self.assertEqual(self.assigned.with_user(portal).national_id, self.assigned.national_id)
        with self.assertRaises(AccessError):
            self.unassigned.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            self.assigned.with_user(portal).write({"health_notes": "x"})

    def test_configuration_is_for_managers(self):
        Category = self.env["beneficiary.category"]
        self.assertTrue(Category.with_user(self.officer).search([]))
        with self.assertRaises(AccessError):
            Category.with_user(self.officer).create({"name": "فئة", "code": "x"})
        Category.with_user(self.manager).create({"name": "فئة", "code": "x"})

    def test_multi_company_isolation(self):
        company_b = self.env["res.company"].create({"name": "جمعية الفرع الثاني"})
        officer_b = self.env["res.users"].create(
            {
                "name": "Officer B",
                "login": "br_officer_b",
                "company_id": company_b.id,
                "company_ids": [(6, 0, company_b.ids)],
                "groups_id": [
                    (6, 0, [self.env.ref("beneficiary_relations.group_beneficiary_officer").id])
                ],
            }
        )
        file_b = self.create_beneficiary(
            company_id=company_b.id, national_id=self.assigned.national_id
        )
        self.assertEqual(
            self.Beneficiary.with_user(officer_b).search([("id", "in", (self.files | file_b).ids)]),
            file_b,
        )
        self.assertEqual(self._visible(self.officer), self.files)
        with self.assertRaises(AccessError):
            file_b.with_user(self.officer).read(["name"])
        with self.assertRaises(AccessError):
            self.assigned.member_ids.with_user(officer_b).read(["name"])
