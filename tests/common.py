import itertools
import re
from contextlib import contextmanager
from urllib.parse import urlsplit

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase, new_test_user

from ..tools.national_id import national_id_check_digit

_serial = itertools.count(1)
ROLE = "beneficiary_relations.group_beneficiary_"


def role_user(env, login, *roles, **values):
    """A test user of the module's ``roles`` ("officer", "finance", …) or of other
    groups given by their XML id ("base.group_user")."""
    groups = ",".join(role if "." in role else ROLE + role for role in roles)
    return new_test_user(env, login, groups=groups, **values)


def load_arabic(env):
    """Activate Arabic (ar_001) with the module's translations: the suite runs on a
    fresh database where nothing was loaded before it."""
    env["res.lang"]._activate_lang("ar_001")
    env["ir.module.module"].search([("name", "=", "beneficiary_relations")])._update_translations(
        ["ar_001"]
    )


def valid_national_id(first="1"):
    """A fresh, valid national ID (first digit 1) or iqama (first digit 2)."""
    body = f"{first}{next(_serial) + 31415000:08d}"
    return body + national_id_check_digit(body)


class PageAssertions:
    """For HttpCase: a response is judged by the page it shows, never by an absence
    alone (an error page lacks the other beneficiary's data too)."""

    def assertPage(self, response, path, *words):  # noqa: N802
        """``response`` is a 200 page at ``path`` (after redirects, behind the website's
        language prefix such as ``/ar``) showing ``words``."""
        self.assertEqual(response.status_code, 200, response.url)
        self.assertRegex(
            urlsplit(response.url).path, rf"^(/[a-z]{{2}}(_[A-Z0-9]+)?)?{re.escape(path)}$"
        )
        for word in words:
            self.assertIn(word, response.text)


class BeneficiaryCase(TransactionCase):
    """Users of every group and small factories for the registry tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        # Each test names the contact officers it needs; the demo data's stay out of it.
        cls.env["beneficiary.category.officer"].search([]).unlink()
        cls.officer = role_user(cls.env, "br_officer", "officer")
        cls.researcher = role_user(cls.env, "br_researcher", "researcher")
        cls.other_researcher = role_user(cls.env, "br_researcher_2", "researcher")
        cls.committee_member = role_user(cls.env, "br_committee", "committee")
        cls.manager = role_user(cls.env, "br_manager", "manager")
        cls.internal_user = role_user(cls.env, "br_internal", "base.group_user")
        cls.category_widow = cls.env.ref("beneficiary_relations.category_widow")
        cls.category_divorcee = cls.env.ref("beneficiary_relations.category_divorcee")
        cls.doc_type_id_card = cls.env.ref("beneficiary_relations.document_type_national_id")
        cls.Beneficiary = cls.env["beneficiary.beneficiary"]

    @contextmanager
    def assertRaisesRegex(self, exception, regex, msg=None):  # noqa: N802 (unittest API)
        """Like unittest's, but inside a savepoint that is rolled back, as Odoo's
        ``assertRaises`` does, so a refused operation leaves nothing behind."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex, msg)

    def assertTransitionNeeds(self, record, action, regex, values, state):  # noqa: N802
        """``record.<action>()`` is refused with ``regex`` until ``values`` are written,
        then moves the record to ``state``."""
        with self.assertRaisesRegex(UserError, regex):
            getattr(record, action)()
        self.assertNotEqual(record.state, state)
        record.write(values)
        getattr(record, action)()
        self.assertEqual(record.state, state)

    @classmethod
    def create_beneficiary(cls, user=None, **values):
        vals = {
            "name": "نورة محمد عبدالله العتيبي",
            "national_id": valid_national_id(),
            "category_id": cls.category_widow.id,
            "marital_status": "widowed",
        }
        vals.update(values)
        model = cls.Beneficiary.with_user(user) if user else cls.Beneficiary
        return model.create(vals)


class RequestCase(BeneficiaryCase):
    """A committee, a registered beneficiary with valid documents, and factories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_2 = role_user(cls.env, "br_committee_2", "committee")
        cls.outsider_member = role_user(cls.env, "br_committee_other", "committee")
        cls.committee = cls.create_committee(
            "لجنة البحث الاجتماعي",
            "social_research",
            cls.committee_member | cls.member_2 | cls.manager,
            quorum=2,
            chair_id=cls.manager.id,
        )
        cls.other_committee = cls.create_committee(
            "لجنة الشؤون التعليمية", "educational", cls.outsider_member
        )
        cls.doc_type_income = cls.env.ref("beneficiary_relations.document_type_income_proof")
        cls.aid_type = cls.env["beneficiary.request.type"].create(
            {
                "name": "مساعدة مالية",
                "code": "test_aid",
                "kind": "aid",
                "committee_id": cls.committee.id,
                "sla_days": 15,
                "required_document_type_ids": [
                    (6, 0, (cls.doc_type_id_card | cls.doc_type_income).ids)
                ],
            }
        )
        cls.channel_hq = cls.env.ref("beneficiary_relations.channel_hq_interview")
        cls.channel_email = cls.env.ref("beneficiary_relations.channel_email")
        cls.channel_sms = cls.env.ref("beneficiary_relations.channel_sms")
        cls.channel_phone = cls.env.ref("beneficiary_relations.channel_phone")
        cls.beneficiary = cls.create_beneficiary(
            email="widow@example.com",
            mobile="+966500000009",
            preferred_channel_id=cls.channel_email.id,
        )
        cls.beneficiary.action_record_consent()
        cls.beneficiary.action_activate()
        cls.Request = cls.env["beneficiary.request"]

    @classmethod
    def create_committee(cls, name, kind, members, quorum=1, **values):
        return cls.env["beneficiary.committee"].create(
            {
                "name": name,
                "kind": kind,
                "member_ids": [Command.set(members.ids)],
                "quorum": quorum,
                **values,
            }
        )

    @classmethod
    def add_file_documents(cls, beneficiary, expiry="2031-01-01"):
        return cls.env["beneficiary.document"].create(
            [
                {
                    "beneficiary_id": beneficiary.id,
                    "type_id": doc_type.id,
                    "number": f"DOC-{doc_type.code}",
                    "issue_date": "2020-01-01",
                    "expiry_date": expiry,
                }
                for doc_type in (cls.doc_type_id_card, cls.doc_type_income)
            ]
        )

    @classmethod
    def create_request(cls, user=None, beneficiary=None, **values):
        beneficiary = beneficiary or cls.beneficiary
        vals = {
            "type_id": cls.aid_type.id,
            "beneficiary_id": beneficiary.id,
            "applicant_national_id": beneficiary.national_id,
            "channel_id": cls.channel_hq.id,
            "description": "مساعدة لسداد الإيجار",
            "requested_amount": 3000,
            "aid_kind": "financial",
        }
        vals.update(values)
        model = cls.Request.with_user(user) if user else cls.Request
        return model.create(vals)

    @classmethod
    def complete_request(cls, request):
        """Attach the file's valid documents and mark the request complete."""
        if not request.beneficiary_id.document_ids:
            cls.add_file_documents(request.beneficiary_id)
        request.action_load_file_documents()
        request.action_mark_complete()
        return request

    # A 1x1 PNG is a valid signature image.
    PIXEL = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
        "60e6kgAAAABJRU5ErkJggg=="
    )

    @classmethod
    def sign(cls, request, signer="نورة محمد العتيبي"):
        request._sign_declaration(signer, cls.PIXEL)
        return request

    @classmethod
    def to_committee(cls, request):
        cls.complete_request(request)
        cls.sign(request)
        request.action_submit_to_committee()
        return request

    @classmethod
    def meeting(cls, attendees=None, committee=None):
        committee = committee or cls.committee
        attendees = cls.committee_member | cls.member_2 if attendees is None else attendees
        return cls.env["beneficiary.committee.meeting"].create(
            {"committee_id": committee.id, "attendee_ids": [(6, 0, attendees.ids)]}
        )

    @classmethod
    def decide(cls, request, outcome="approve", meeting=None, **values):
        meeting = meeting or cls.meeting()
        vals = {"meeting_id": meeting.id, "request_id": request.id, "outcome": outcome}
        if outcome in ("reject", "more_info"):
            vals["reasons"] = "الدخل أعلى من الحد المعتمد"
        vals.update(values)
        return cls.env["beneficiary.committee.decision"].create(vals)

    @classmethod
    def approve_minutes(cls, meeting):
        for user in meeting.attendee_ids:
            meeting.with_user(user).action_approve_minutes()


class FinanceCase(RequestCase):
    """A chart of accounts, a finance user and the analytic account of a program."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "purchase")], limit=1
        ):
            cls.env["account.chart.template"].try_loading("generic_coa", cls.company)
        cls.finance = role_user(cls.env, "br_finance", "finance")
        plan = cls.env["account.analytic.plan"].create({"name": "البرامج"})
        cls.analytic = cls.env["account.analytic.account"].create(
            {"name": "برنامج كفالة الأرامل", "plan_id": plan.id}
        )


class ComplaintCase(RequestCase):
    """Complaint categories, a follow-up and an investigation committee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.it_user = role_user(cls.env, "br_it", "officer")
        cls.follow_up = cls.create_committee(
            "لجنة المتابعة", "follow_up", cls.committee_member | cls.manager
        )
        cls.investigation = cls.create_committee(
            "لجنة التحقيق", "investigation", cls.committee_member | cls.member_2, quorum=2
        )
        cls.complaint_category = cls.env["beneficiary.complaint.category"].create(
            {
                "name": "جودة الخدمة",
                "code": "t_service",
                "sla_days": 5,
                "committee_id": cls.follow_up.id,
            }
        )
        cls.technical_category = cls.env["beneficiary.complaint.category"].create(
            {
                "name": "دعم فني",
                "code": "t_technical",
                "sla_days": 2,
                "is_technical": True,
                "responsible_user_id": cls.it_user.id,
            }
        )
        cls.Complaint = cls.env["beneficiary.complaint"]

    @classmethod
    def create_complaint(cls, user=None, **values):
        vals = {
            "category_id": cls.complaint_category.id,
            "subject": "تأخر الرد على طلب المساعدة",
            "description": "تقدمت بطلب منذ شهر ولم يصلني رد.",
            "channel_id": cls.channel_hq.id,
            "beneficiary_id": cls.beneficiary.id,
        }
        vals.update(values)
        model = cls.Complaint.with_user(user) if user else cls.Complaint
        return model.create(vals)

    @classmethod
    def reviewed_complaint(cls, **values):
        complaint = cls.create_complaint(**values)
        complaint.action_acknowledge()
        complaint.action_start_review()
        return complaint
