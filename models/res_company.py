import logging
from datetime import timedelta

import pytz

from odoo import api, fields, models

from ..tools.working_days import add_working_days

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_beneficiary_calendar(self):
        return self.env.ref(
            "beneficiary_relations.resource_calendar_saudi", raise_if_not_found=False
        )

    beneficiary_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Beneficiary SLA Calendar",
        default=lambda self: self._default_beneficiary_calendar(),
        help="Working days and public holidays used to compute answer deadlines.",
    )
    beneficiary_licence_number = fields.Char(
        string="Licence Number",
        help="The association's registration licence number, printed on its letterhead.",
    )
    beneficiary_licence_authority = fields.Char(
        string="Licence Issued By",
        translate=True,
        help="The authority that issued the licence, e.g. the National Center for the "
        "Development of the Non-Profit Sector.",
    )

    beneficiary_escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalation To",
        help="Top-management user who receives overdue requests and complaints. "
        "Defaults to the beneficiary relations managers.",
    )

    beneficiary_policy_distributor = fields.Selection(
        [("hr", "Human Resources"), ("management", "Executive Management")],
        string="Policy Distributed By",
        default="hr",
        required=True,
        help="Who publishes the beneficiary relations policy and runs the employees' "
        "acknowledgement campaign.",
    )
    beneficiary_policy_reminder_days = fields.Integer(
        string="Policy Reminder Period (days)",
        default=7,
        help="Employees who have not signed the policy are reminded once per period.",
    )

    _sql_constraints = [
        (
            "beneficiary_policy_reminder_days_positive",
            "CHECK(beneficiary_policy_reminder_days > 0)",
            "The policy reminder period must be at least one day.",
        ),
    ]

    # ------------------------------------------------------------------ SLA days
    def _beneficiary_calendar(self):
        self.ensure_one()
        return (
            self.beneficiary_calendar_id
            or self._default_beneficiary_calendar()
            or self.resource_calendar_id
        )

    def _beneficiary_non_working_days(self, date_from, date_to):
        """(weekend weekdays, holiday dates) of the SLA calendar between two dates."""
        self.ensure_one()
        # Working days are not confidential: portal users see their deadlines too.
        calendar = self.sudo()._beneficiary_calendar()
        worked = {int(day) for day in calendar.attendance_ids.mapped("dayofweek")}
        weekend = frozenset(set(range(7)) - worked) if worked else frozenset({4, 5})
        holidays = set()
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "=", False),
                    "|",
                    ("calendar_id", "=", calendar.id),
                    "&",
                    ("calendar_id", "=", False),
                    ("company_id", "=", self.id),
                    (
                        "date_from",
                        "<=",
                        fields.Datetime.to_datetime(date_to).replace(hour=23, minute=59),
                    ),
                    ("date_to", ">=", fields.Datetime.to_datetime(date_from)),
                ]
            )
        )
        tz = pytz.timezone(calendar.tz or "Asia/Riyadh")
        for leave in leaves:
            day = pytz.utc.localize(leave.date_from).astimezone(tz).date()
            last = pytz.utc.localize(leave.date_to).astimezone(tz).date()
            while day <= last:
                holidays.add(day)
                day += timedelta(days=1)
        return weekend, frozenset(holidays)

    def _beneficiary_add_working_days(self, start, days):
        """The date ``days`` working days after ``start`` on the SLA calendar."""
        self.ensure_one()
        # Holidays are looked up over a window wide enough for any weekend/holiday mix.
        horizon = fields.Date.add(start, days=days * 3 + 60)
        weekend, holidays = self._beneficiary_non_working_days(start, horizon)
        return add_working_days(start, days, weekend=weekend, holidays=holidays)

    @api.model
    def _beneficiary_escalation_users(self, company):
        if company.beneficiary_escalation_user_id:
            return company.beneficiary_escalation_user_id
        group = self.env.ref("beneficiary_relations.group_beneficiary_manager")
        return group.users.filtered(
            lambda user: not user.share and company in user.company_ids and user.active
        ) - self.env.ref("base.user_root")

    def _beneficiary_demo_set_currency(self, currency_id):
        """Give the demo association its currency: called by the demo data only.

        Accounting forbids changing the currency of a company that has journal
        items, and the account module's demo data (invoices, payments and bank
        statements in US dollars) is loaded before this module's. When the
        company's only journal items are that demo data, it is removed the way a
        user would (statement lines, payments, then the moves reset to draft and
        deleted) and the currency is set; the module's own demo records are then
        created in riyals. Anything else (entries made by a user, a database
        without demo data) leaves the currency as it is. Returns the companies
        whose currency was set.
        """
        currency = self.env["res.currency"].browse(currency_id)
        account_demo = self.env["ir.module.module"].search(
            [("name", "=", "account"), ("demo", "=", True)], limit=1
        )
        changed = self.browse()
        for company in self:
            if company.currency_id == currency:
                continue
            companies = [("company_id", "child_of", company.root_id.id)]
            moves = self.env["account.move"].search(companies)
            if moves and (not account_demo or moves.create_uid != self.env.ref("base.user_root")):
                _logger.info(
                    "The currency of %s stays %s: it has journal items of its own.",
                    company.name,
                    company.currency_id.name,
                )
                continue
            self.env["account.bank.statement.line"].search(companies).unlink()
            payments = self.env["account.payment"].search(companies)
            payments.action_draft()
            payments.unlink()
            moves = moves.exists()
            moves.filtered(lambda move: move.state != "draft").button_draft()
            moves.with_context(force_delete=True).unlink()
            currency.active = True
            company.currency_id = currency
            changed |= company
        return changed
