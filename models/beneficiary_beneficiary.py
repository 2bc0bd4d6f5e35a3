from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools.national_id import normalize_national_id
from .beneficiary_workflow_guard_mixin import workflow_transition

FILE_STATES = [
    ("applicant", "Applicant"),
    ("active", "Registered"),
    ("suspended", "Suspended"),
    ("closed", "Closed"),
]

MARITAL_STATUSES = [
    ("single", "Single"),
    ("married", "Married"),
    ("widowed", "Widowed"),
    ("divorced", "Divorced"),
    ("suspended", "Suspended wife (Mu'allaqa)"),
]

HOUSING_TYPES = [
    ("owned", "Owned"),
    ("rented", "Rented"),
    ("family", "With family"),
    ("charity", "Charity / developmental housing"),
    ("other", "Other"),
]

# Contact data lives on the partner; these beneficiary fields edit it.
PARTNER_FIELDS = ("name", "phone", "mobile", "email", "street", "city")

MANAGER_GROUP = "beneficiary_relations.group_beneficiary_manager"

# Who reads a file's social, health and income data: the staff who study and
# decide, the data-protection officer (read only, every opening logged) and the
# beneficiary on the portal (their own file only). Finance, who
# pays, sees the payee, the bank account and the decision, not these.
SENSITIVE_GROUPS = (
    "beneficiary_relations.group_beneficiary_officer,"
    "beneficiary_relations.group_beneficiary_researcher,"
    "beneficiary_relations.group_beneficiary_committee,"
    "beneficiary_relations.group_beneficiary_dpo,"
    "base.group_portal"
)
SENSITIVE_FIELDS = frozenset(
    {
        "marital_status",
        "income_line_ids",
        "monthly_income",
        "income_per_member",
        "housing_type",
        "monthly_rent",
        "has_disability",
        "has_chronic_disease",
        "health_notes",
        "notes",
    }
)


class BeneficiaryBeneficiary(models.Model):
    """The beneficiary file (ملف المستفيد).

    Identity and contact data are on ``partner_id`` so that mail, the portal and
    accounting work as usual; everything sensitive (marital status, ID, income,
    health, housing, bank account) is stored here, behind this model's groups and
    record rules, and never on ``res.partner``.
    """

    _name = "beneficiary.beneficiary"
    _description = "Beneficiary File"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.national.id.mixin",
        "beneficiary.person.mixin",
        "beneficiary.reference.mixin",
        "beneficiary.xlsx.export.mixin",
        "beneficiary.workflow.guard.mixin",
        "beneficiary.restricted.search.mixin",
    ]
    _order = "reference desc, id desc"
    _restricted_search_fields = SENSITIVE_FIELDS
    _reference_field = "reference"
    _rec_names_search = ["name", "reference", "national_id"]
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "registration_date",
        "suspension_date",
        "suspension_reason",
        "closing_date",
        "closing_reason",
        "consent_date",
        "consent_version",
    )
    _xlsx_export_fields = (
        "reference",
        "name",
        "national_id",
        "category_id",
        "state",
        "branch_id",
        "gender",
        "marital_status",
        "birth_date",
        "birth_date_hijri",
        "city",
        "mobile",
        "household_size",
        "monthly_income",
        "income_per_member",
        "housing_type",
        "has_disability",
        "has_chronic_disease",
        "preferred_channel_id",
        "researcher_id",
        "registration_date",
        "consent_date",
    )

    reference = fields.Char(
        string="File Number", required=True, readonly=True, copy=False, index=True, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        ondelete="restrict",
        index=True,
        copy=False,
        tracking=True,
        check_company=True,
    )
    name = fields.Char(
        related="partner_id.name",
        store=True,
        precompute=True,
        readonly=False,
        index="trigram",
        tracking=True,
    )
    phone = fields.Char(related="partner_id.phone", readonly=False)
    mobile = fields.Char(related="partner_id.mobile", readonly=False)
    email = fields.Char(related="partner_id.email", readonly=False)
    street = fields.Char(related="partner_id.street", readonly=False)
    city = fields.Char(related="partner_id.city", readonly=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    branch_id = fields.Many2one("beneficiary.branch", index=True, tracking=True, check_company=True)
    category_id = fields.Many2one("beneficiary.category", required=True, index=True, tracking=True)
    contact_officer_id = fields.Many2one(
        "res.users",
        compute="_compute_contact_officer_id",
        help="The beneficiary's point of contact: the category's general (or social) "
        "contact officer, shown on the portal and on letters.",
    )
    state = fields.Selection(
        FILE_STATES,
        string="Status",
        required=True,
        default="applicant",
        group_expand=True,
        copy=False,
        index=True,
        tracking=True,
    )
    national_id = fields.Char(required=True, tracking=True)
    nationality_id = fields.Many2one("res.country")
    gender = fields.Selection([("female", "Female"), ("male", "Male")], default="female")
    marital_status = fields.Selection(MARITAL_STATUSES, tracking=True, groups=SENSITIVE_GROUPS)
    member_ids = fields.One2many("beneficiary.member", "beneficiary_id", string="Family Members")
    # Precomputed: a new file is inserted with its totals, not updated after.
    member_count = fields.Integer(compute="_compute_member_count", store=True, precompute=True)
    household_size = fields.Integer(
        compute="_compute_member_count",
        store=True,
        precompute=True,
        help="The beneficiary and every registered family member.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    income_line_ids = fields.One2many(
        "beneficiary.income", "beneficiary_id", string="Income Sources", groups=SENSITIVE_GROUPS
    )
    monthly_income = fields.Monetary(
        compute="_compute_monthly_income", store=True, precompute=True, groups=SENSITIVE_GROUPS
    )
    income_per_member = fields.Monetary(
        compute="_compute_monthly_income",
        store=True,
        precompute=True,
        string="Monthly Income per Member",
        groups=SENSITIVE_GROUPS,
    )
    housing_type = fields.Selection(HOUSING_TYPES, groups=SENSITIVE_GROUPS)
    monthly_rent = fields.Monetary(groups=SENSITIVE_GROUPS)
    has_disability = fields.Boolean(string="Disability", groups=SENSITIVE_GROUPS)
    has_chronic_disease = fields.Boolean(string="Chronic Disease", groups=SENSITIVE_GROUPS)
    health_notes = fields.Text(groups=SENSITIVE_GROUPS)
    preferred_channel_id = fields.Many2one(
        "beneficiary.channel",
        string="Preferred Contact Channel",
        domain="[('can_reply', '=', True)]",
        tracking=True,
        help="Decisions and notices are sent to the beneficiary through this channel.",
    )
    consent_date = fields.Datetime(
        string="Consent Given On", copy=False, tracking=True, readonly=True
    )
    consent_version = fields.Char(
        string="Consent Text Version", copy=False, tracking=True, readonly=True
    )
    has_consent = fields.Boolean(compute="_compute_has_consent", search="_search_has_consent")
    researcher_id = fields.Many2one(
        "res.users",
        string="Social Researcher",
        tracking=True,
        index=True,
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref("beneficiary_relations.group_beneficiary_researcher").ids,
            )
        ],
    )
    committee_user_ids = fields.Many2many(
        "res.users",
        "beneficiary_beneficiary_committee_user_rel",
        "beneficiary_id",
        "user_id",
        string="Reviewing Committee Members",
        help="Committee members who study this file and may read it.",
    )
    registration_date = fields.Date(readonly=True, copy=False, tracking=True)
    suspension_date = fields.Date(readonly=True, copy=False)
    suspension_reason = fields.Text(readonly=True, copy=False)
    closing_date = fields.Date(readonly=True, copy=False)
    closing_reason = fields.Text(readonly=True, copy=False)
    document_ids = fields.One2many("beneficiary.document", "beneficiary_id", string="Documents")
    request_ids = fields.One2many("beneficiary.request", "beneficiary_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    document_count = fields.Integer(compute="_compute_document_counts")
    expired_document_count = fields.Integer(compute="_compute_document_counts")
    notes = fields.Html(groups=SENSITIVE_GROUPS)

    _sql_constraints = [
        (
            "national_id_company_unique",
            "unique(national_id, company_id)",
            "This national ID / iqama number already has a beneficiary file in this company.",
        ),
        (
            "reference_company_unique",
            "unique(reference, company_id)",
            "The file number must be unique per company.",
        ),
        (
            "monthly_rent_positive",
            "CHECK(monthly_rent >= 0)",
            "The monthly rent cannot be negative.",
        ),
    ]

    def _workflow_actions_hint(self):
        return self.env._("the file's buttons (Record Consent, Register, Suspend, Close File)")

    # ------------------------------------------------------------------ computes

    @api.depends("category_id.officer_ids.user_id", "company_id")
    def _compute_contact_officer_id(self):
        Category = self.env["beneficiary.category"].sudo()
        for beneficiary in self:
            category = beneficiary.category_id.sudo()
            beneficiary.contact_officer_id = Category._officer_for(
                category, "general", beneficiary.company_id
            ) or Category._officer_for(category, "social", beneficiary.company_id)

    @api.depends("member_ids")
    def _compute_member_count(self):
        for record in self:
            record.member_count = len(record.member_ids)
            record.household_size = record.member_count + 1

    @api.depends("income_line_ids.amount", "household_size")
    def _compute_monthly_income(self):
        for record in self:
            total = sum(record.income_line_ids.mapped("amount"))
            record.monthly_income = total
            record.income_per_member = total / (record.household_size or 1)

    @api.depends("consent_date")
    def _compute_has_consent(self):
        for record in self:
            record.has_consent = bool(record.consent_date)

    def _search_has_consent(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on consent."))
        positive = (operator == "=") == bool(value)
        return [("consent_date", "!=" if positive else "=", False)]

    def _compute_document_counts(self):
        today = fields.Date.context_today(self)
        Document = self.env["beneficiary.document"]
        domain = [("beneficiary_id", "in", self.ids)]
        totals = dict(Document._read_group(domain, ["beneficiary_id"], ["__count"]))
        expired = dict(
            Document._read_group(
                domain + [("expiry_date", "<", today)], ["beneficiary_id"], ["__count"]
            )
        )
        for record in self:
            record.document_count = totals.get(record, 0)
            record.expired_document_count = expired.get(record, 0)

    def _compute_request_count(self):
        counts = dict(
            self.env["beneficiary.request"]._read_group(
                [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
            )
        )
        for record in self:
            record.request_count = counts.get(record, 0)

    # ------------------------------------------------------------------ constraints
    @api.constrains("monthly_rent")
    def _check_monthly_rent(self):
        if any(record.monthly_rent < 0 for record in self):
            raise ValidationError(self.env._("The monthly rent cannot be negative."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        partner_vals_list, needs_partner = [], []
        for vals in vals_list:
            if not vals.get("partner_id"):
                if not vals.get("name"):
                    raise ValidationError(self.env._("The beneficiary's full name is required."))
                partner_vals = {field: vals.pop(field) for field in PARTNER_FIELDS if field in vals}
                partner_vals["company_id"] = vals.get("company_id") or self.env.company.id
                partner_vals_list.append(partner_vals)
                needs_partner.append(vals)
        if partner_vals_list:
            # The file's own chatter records the creation: the contact needs no
            # second "created" message nor a follower of its own.
            partners = (
                self.env["res.partner"]
                .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
                .create(partner_vals_list)
            )
            for vals, partner in zip(needs_partner, partners, strict=True):
                vals["partner_id"] = partner.id
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_applicants(self):
        if any(record.state != "applicant" for record in self):
            raise UserError(
                self.env._(
                    "Only applicant files can be deleted. Close a registered file instead, "
                    "so that its history is kept."
                )
            )

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for record in self:
            if record.reference and record.reference != "/":
                record.display_name = f"[{record.reference}] {record.name or ''}"
            else:
                record.display_name = record.name or ""

    # ------------------------------------------------------------------ actions
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only beneficiary relations managers can change the status of a file.")
            )

    @workflow_transition
    def action_activate(self):
        """Register an applicant (or reinstate a suspended file)."""
        self._check_manager()
        for record in self:
            if record.state not in ("applicant", "suspended"):
                raise UserError(
                    self.env._(
                        "File %(file)s cannot be registered from its current status.",
                        file=record.display_name,
                    )
                )
            if not record.has_consent:
                raise UserError(
                    self.env._(
                        "File %(file)s has no recorded consent to the processing of personal "
                        "data. Record the consent before registering the file.",
                        file=record.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        for record in self:
            values = {"state": "active", "suspension_date": False, "suspension_reason": False}
            if not record.registration_date:
                values["registration_date"] = today
            record.write(values)
        return True

    @workflow_transition
    def _register_by_decision(self, decision):
        """Register an applicant file on a committee's approved decision."""
        self.ensure_one()
        if self.state != "applicant":
            return
        self.write({"state": "active", "registration_date": fields.Date.context_today(self)})
        self._message_log(
            body=self.env._(
                "Registered by committee decision %(decision)s.", decision=decision.name
            ),
        )

    @workflow_transition
    def _set_inactive_state(self, state, reason):
        self._check_manager()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Please give the reason."))
        allowed = {"suspended": ("active",), "closed": ("applicant", "active", "suspended")}
        for record in self:
            if record.state not in allowed[state]:
                raise UserError(
                    self.env._(
                        "File %(file)s cannot move to this status from its current status.",
                        file=record.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        prefix = "suspension" if state == "suspended" else "closing"
        self.write({"state": state, f"{prefix}_date": today, f"{prefix}_reason": reason})
        label = dict(self._fields["state"]._description_selection(self.env))[state]
        for record in self:
            record._message_log(
                body=self.env._("%(status)s: %(reason)s", status=label, reason=reason),
            )
        return True

    def _do_suspend(self, reason):
        return self._set_inactive_state("suspended", reason)

    def _do_close(self, reason):
        return self._set_inactive_state("closed", reason)

    def action_suspend(self):
        """Ask the reason, then suspend the files."""
        self._check_manager()
        return self.env["beneficiary.reason.wizard"].action_open(
            self, "_do_suspend", self.env._("Suspend the File")
        )

    def action_close(self):
        """Ask the reason, then close the files."""
        self._check_manager()
        return self.env["beneficiary.reason.wizard"].action_open(
            self, "_do_close", self.env._("Close the File")
        )

    @workflow_transition
    def action_record_consent(self):
        version = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("beneficiary_relations.consent_version", "1.0")
        )
        self.write({"consent_date": fields.Datetime.now(), "consent_version": version})
        return True

    def action_view_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Family Members"),
            "res_model": "beneficiary.member",
            "view_mode": "list,form",
            "domain": [("beneficiary_id", "=", self.id)],
            "context": {"default_beneficiary_id": self.id},
        }

    def action_view_documents(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Documents"),
            "res_model": "beneficiary.document",
            "view_mode": "list,form",
            "domain": [("beneficiary_id", "=", self.id)],
            "context": {"default_beneficiary_id": self.id},
        }

    # Fields a beneficiary may ask to change from the portal; an officer reviews
    # the change before it reaches the file.
    _PORTAL_UPDATABLE = ("mobile", "phone", "email", "street", "city", "housing_type")

    @workflow_transition
    def _request_data_update(self, form):
        """Record the beneficiary's proposed changes as a data-update request."""
        self.ensure_one()
        public_form = self.env["beneficiary.public.form"]
        changes = {}
        for field_name in self._PORTAL_UPDATABLE:
            if field_name not in form:
                continue
            value = (form.get(field_name) or "").strip() or False
            if field_name in ("mobile", "phone") and value:
                normalized = public_form._normalize_mobile(value)
                if field_name == "mobile" and not normalized:
                    raise UserError(
                        self.env._("Write a Saudi mobile number, e.g. 05XXXXXXXX or +9665XXXXXXXX.")
                    )
                value = normalized or value
            if field_name == "housing_type" and value not in dict(HOUSING_TYPES):
                value = False
            if value != (self[field_name] or False):
                changes[field_name] = value
        if not changes:
            raise UserError(self.env._("Nothing was changed."))
        update_type = self.env.ref("beneficiary_relations.request_type_data_update")
        # One open data-update request per file: each one is an officer's task. The
        # file's row is locked so that two submissions at once cannot both pass.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM beneficiary_beneficiary WHERE id = %s FOR NO KEY UPDATE",
                self.id,
            )
        )
        pending = (
            self.env["beneficiary.request"]
            .sudo()
            .search(
                [
                    ("beneficiary_id", "=", self.id),
                    ("type_id", "=", update_type.id),
                    ("state", "not in", ("closed", "cancelled", "rejected", "delivered")),
                ],
                limit=1,
            )
        )
        if pending:
            raise UserError(
                self.env._(
                    "Your data-update request %(request)s is still being reviewed; you can ask "
                    "for other changes once it is answered.",
                    request=pending.name,
                )
            )
        website = self.env.ref("beneficiary_relations.channel_website")
        return self.env["beneficiary.request"].create(
            {
                "type_id": update_type.id,
                "beneficiary_id": self.id,
                "applicant_national_id": self.national_id,
                "channel_id": website.id,
                "received_by_id": False,
                "proposed_changes": changes,
                "description": "\n".join(
                    f"{self._fields[name].get_description(self.env)['string']}: {value or '-'}"
                    for name, value in changes.items()
                ),
            }
        )

    def _personal_data_export(self):
        """The beneficiary's own data, as the Personal Data Protection Law lets them ask."""
        self.ensure_one()

        def label(record, field_name):
            value = record[field_name]
            field = record._fields[field_name]
            if field.type == "selection":
                return dict(field._description_selection(self.env)).get(value, "")
            if field.type == "many2one":
                return value.display_name or ""
            return value if value not in (False, None) else ""

        file_fields = (
            "reference", "name", "national_id", "residency_status", "nationality_id",
            "gender", "birth_date", "marital_status", "category_id", "branch_id",
            "mobile", "phone", "email", "street", "city", "housing_type", "monthly_rent",
            "monthly_income", "household_size", "has_disability", "has_chronic_disease",
            "health_notes", "bank_iban", "preferred_channel_id", "state",
            "registration_date", "consent_date", "consent_version",
        )  # fmt: skip
        data = {field_name: str(label(self, field_name)) for field_name in file_fields}
        data["members"] = [
            {
                name: str(label(member, name))
                for name in ("name", "relation", "national_id", "birth_date", "schooling")
            }
            for member in self.member_ids
        ]
        data["income"] = [
            {"source": str(label(line, "source")), "amount": line.amount}
            for line in self.income_line_ids
        ]
        data["documents"] = [
            {
                name: str(label(document, name))
                for name in ("type_id", "number", "issue_date", "expiry_date")
            }
            for document in self.document_ids
        ]
        data["requests"] = [
            {
                name: str(label(request, name))
                for name in ("name", "type_id", "state", "received_date", "deadline_date")
            }
            for request in self.request_ids
        ]
        return data

    def action_invite_to_portal(self):
        """Give the beneficiary a portal account to follow their requests."""
        self.ensure_one()
        if not self.email:
            raise UserError(
                self.env._("Enter the beneficiary's e-mail address to invite them to the portal.")
            )
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .with_context(active_ids=self.partner_id.ids, active_model="res.partner")
            .create({})
        )
        wizard.user_ids.filtered(
            lambda line: line.partner_id == self.partner_id
        ).action_grant_access()
        self._message_log(body=self.env._("Invited to the portal."))
        return True

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_request_action"
        )
        action["domain"] = [("beneficiary_id", "=", self.id)]
        action["context"] = {
            "default_beneficiary_id": self.id,
            "default_applicant_national_id": self.national_id,
        }
        return action

    @api.model
    def _find_by_national_id(self, number):
        """Look a file up by national ID using the indexed, normalised column."""
        return self.search([("national_id", "=", normalize_national_id(number))], limit=1)

    def _marital_status_label(self):
        """The marital status as printed: in Arabic, a woman's in the feminine."""
        self.ensure_one()
        if self.gender == "female":
            feminine = {
                "single": self.env._("Single woman"),
                "married": self.env._("Married woman"),
                "widowed": self.env._("Widow"),
                "divorced": self.env._("Divorcee"),
                "suspended": self.env._("Suspended wife (Mu'allaqa)"),
            }
            if self.marital_status in feminine:
                return feminine[self.marital_status]
        field = self._fields["marital_status"]
        return dict(field._description_selection(self.env)).get(self.marital_status, "")
