from datetime import timedelta

import pytz

from odoo import api, fields, models

from ..tools.working_days import add_working_days


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
