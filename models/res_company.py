import logging
from bisect import bisect_right
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

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

    def _beneficiary_leave_domain(self, calendar):
        """Public holidays: leaves of the SLA calendar, and this company's leaves of no calendar.

        ``resource.calendar`` adds "no resource, this calendar or none" itself; a leave's
        company is the one it was created in, so the calendar's own leaves count for
        every company that shares the calendar.
        """
        return [
            ("time_type", "=", "leave"),
            "|",
            ("calendar_id", "=", calendar.id),
            ("company_id", "=", self.id),
        ]

    @api.model
    def _beneficiary_local_midnight(self, calendar, day):
        return pytz.timezone(calendar.tz or "Asia/Riyadh").localize(datetime.combine(day, time.min))

    def _beneficiary_working_dates(self, date_from, date_to):
        """The working dates from ``date_from`` to ``date_to`` (both included), in order.

        One read of the calendar's leaves for the whole range (``_work_intervals_batch``):
        a list computes every row from it.
        """
        self.ensure_one()
        # Working days are not confidential: portal users see their deadlines too.
        calendar = self.sudo()._beneficiary_calendar()
        intervals = calendar._work_intervals_batch(
            self._beneficiary_local_midnight(calendar, date_from),
            self._beneficiary_local_midnight(calendar, date_to + timedelta(days=1)),
            domain=self._beneficiary_leave_domain(calendar),
        )[False]
        return sorted({begin.date() for begin, _end, _meta in intervals})

    def _beneficiary_add_working_days(self, start, days):
        """The date ``days`` (>= 1) working days after ``start`` on the SLA calendar.

        The start day never counts: a file completed on a Thursday is due one working
        day later on the Sunday. The calendar's attendances give the week and its
        leaves the public holidays. The dates of a window wide enough for any usual
        weekend and holiday mix are read at once; ``plan_days`` goes on past it.
        """
        self.ensure_one()
        first = start + timedelta(days=1)
        window_end = first + timedelta(days=2 * days + 30)
        working = self._beneficiary_working_dates(first, window_end)
        if len(working) >= days:
            return working[days - 1]
        calendar = self.sudo()._beneficiary_calendar()
        end = calendar.plan_days(
            days - len(working),
            self._beneficiary_local_midnight(calendar, window_end + timedelta(days=1)),
            compute_leaves=True,
            domain=self._beneficiary_leave_domain(calendar),
        )
        return end and end.date()

    @api.model
    def _beneficiary_working_days_between(self, working_dates, start, end):
        """Working days d with start < d <= end in ``working_dates``; negative if end < start."""
        return bisect_right(working_dates, end) - bisect_right(working_dates, start)

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
