import itertools
from contextlib import contextmanager

from odoo.tests.common import TransactionCase, new_test_user

from ..tools.national_id import national_id_check_digit

_serial = itertools.count(1)


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


class BeneficiaryCase(TransactionCase):
    """Users of every group and small factories for the registry tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        # Each test names the contact officers it needs; the demo data's stay out of it.
        cls.env["beneficiary.category.officer"].search([]).unlink()
        group = "beneficiary_relations.group_beneficiary_"
        cls.officer = new_test_user(cls.env, "br_officer", groups=group + "officer")
        cls.researcher = new_test_user(cls.env, "br_researcher", groups=group + "researcher")
        cls.other_researcher = new_test_user(
            cls.env, "br_researcher_2", groups=group + "researcher"
        )
        cls.committee_member = new_test_user(cls.env, "br_committee", groups=group + "committee")
        cls.manager = new_test_user(cls.env, "br_manager", groups=group + "manager")
        cls.internal_user = new_test_user(cls.env, "br_internal", groups="base.group_user")
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
        group = "beneficiary_relations.group_beneficiary_"
        cls.member_2 = new_test_user(cls.env, "br_committee_2", groups=group + "committee")
        cls.outsider_member = new_test_user(
            cls.env, "br_committee_other", groups=group + "committee"
        )
        cls.committee = cls.env["beneficiary.committee"].create(
            {
                "name": "لجنة البحث الاجتماعي",
                "kind": "social_research",
                "member_ids": [(6, 0, (cls.committee_member | cls.member_2 | cls.manager).ids)],
                "chair_id": cls.manager.id,
                "quorum": 2,
            }
        )
        cls.other_committee = cls.env["beneficiary.committee"].create(
            {
                "name": "لجنة الشؤون التعليمية",
                "kind": "educational",
                "member_ids": [(6, 0, cls.outsider_member.ids)],
                "quorum": 1,
            }
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


class ComplaintCase(RequestCase):
    """Complaint categories, a follow-up and an investigation committee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "beneficiary_relations.group_beneficiary_"
        cls.it_user = new_test_user(cls.env, "br_it", groups=group + "officer")
        cls.follow_up = cls.env["beneficiary.committee"].create(
            {
                "name": "لجنة المتابعة",
                "kind": "follow_up",
                "member_ids": [(6, 0, (cls.committee_member | cls.manager).ids)],
                "quorum": 1,
            }
        )
        cls.investigation = cls.env["beneficiary.committee"].create(
            {
                "name": "لجنة التحقيق",
                "kind": "investigation",
                "member_ids": [(6, 0, (cls.committee_member | cls.member_2).ids)],
                "quorum": 2,
            }
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
