from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSlaCalendar(TransactionCase):
    """Answer deadlines on the shipped Saudi calendar: Sunday to Thursday, public holidays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.beneficiary_calendar_id = cls.env.ref(
            "beneficiary_relations.resource_calendar_saudi"
        )

    def add(self, start, days):
        return self.company._beneficiary_add_working_days(start, days)

    def test_friday_and_saturday_are_the_weekend(self):
        self.assertEqual(self.add(date(2026, 3, 12), 1), date(2026, 3, 15))  # Thursday -> Sunday
        self.assertEqual(self.add(date(2026, 3, 13), 1), date(2026, 3, 15))  # Friday -> Sunday
        self.assertEqual(self.add(date(2026, 3, 14), 1), date(2026, 3, 15))  # Saturday -> Sunday
        self.assertEqual(self.add(date(2026, 3, 15), 1), date(2026, 3, 16))  # Sunday -> Monday
        self.assertEqual(self.add(date(2026, 3, 1), 5), date(2026, 3, 8))  # a whole week

    def test_fifteen_working_days_across_eid_al_fitr_1447(self):
        # Eid al-Fitr 2026 is shipped as Thursday 19 to Tuesday 24 March.
        self.assertEqual(self.add(date(2026, 3, 15), 15), date(2026, 4, 9))
        self.assertEqual(self.add(date(2026, 3, 18), 1), date(2026, 3, 25))

    def test_founding_day_on_a_sunday(self):
        self.assertEqual(self.add(date(2026, 2, 19), 1), date(2026, 2, 23))

    def test_a_calendar_without_holidays_counts_the_eid(self):
        plain = self.env["resource.calendar"].create(
            {
                "name": "Sunday to Thursday, no holidays",
                "tz": "Asia/Riyadh",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {"name": str(day), "dayofweek": str(day), "hour_from": 8, "hour_to": 15}
                    )
                    for day in (6, 0, 1, 2, 3)
                ],
            }
        )
        self.company.beneficiary_calendar_id = plain
        self.assertEqual(self.add(date(2026, 3, 15), 15), date(2026, 4, 5))

    def test_working_dates_and_counts(self):
        working = self.company._beneficiary_working_dates(date(2026, 3, 12), date(2026, 3, 28))
        self.assertEqual(
            working,
            [
                date(2026, 3, 12),
                date(2026, 3, 15),
                date(2026, 3, 16),
                date(2026, 3, 17),
                date(2026, 3, 18),
                date(2026, 3, 25),
                date(2026, 3, 26),
            ],
        )
        between = self.company._beneficiary_working_days_between
        self.assertEqual(between(working, date(2026, 3, 12), date(2026, 3, 15)), 1)
        self.assertEqual(between(working, date(2026, 3, 15), date(2026, 3, 12)), -1)
        self.assertEqual(between(working, date(2026, 3, 15), date(2026, 3, 15)), 0)
        self.assertEqual(between(working, date(2026, 3, 18), date(2026, 3, 26)), 2)
        longer = self.company._beneficiary_working_dates(date(2026, 3, 15), date(2026, 4, 9))
        self.assertEqual(between(longer, date(2026, 3, 15), date(2026, 4, 9)), 15)

    def test_holidays_of_another_company_do_not_count(self):
        other = self.env["res.company"].create({"name": "جمعية أخرى"})
        leave = {
            "name": "إجازة طارئة",
            "calendar_id": False,
            "date_from": "2026-03-15 21:00:00",  # Monday 16 March in Riyadh
            "date_to": "2026-03-16 20:59:59",
            "time_type": "leave",
        }
        Leave = self.env["resource.calendar.leaves"]
        elsewhere = Leave.with_company(other).create(leave)
        self.assertEqual(elsewhere.company_id, other)
        self.assertEqual(self.add(date(2026, 3, 15), 1), date(2026, 3, 16))
        Leave.with_company(self.company).create(leave)
        self.assertEqual(self.add(date(2026, 3, 15), 1), date(2026, 3, 17))

    def test_the_calendar_holidays_count_for_every_company_sharing_it(self):
        other = self.env["res.company"].create({"name": "جمعية أخرى"})
        other.beneficiary_calendar_id = self.company.beneficiary_calendar_id
        # Shipped Eid al-Fitr 2026 (19-24 March), created in the first company.
        self.assertEqual(
            other._beneficiary_add_working_days(date(2026, 3, 18), 1), date(2026, 3, 25)
        )

    def test_a_holiday_longer_than_the_window(self):
        # A two-month closure: the deadline is found past the first window read.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "إغلاق",
                "calendar_id": self.company.beneficiary_calendar_id.id,
                "date_from": "2026-10-31 21:00:00",  # Sunday 1 November in Riyadh
                "date_to": "2026-12-31 20:59:59",  # Thursday 31 December
            }
        )
        self.assertEqual(self.add(date(2026, 10, 29), 1), date(2027, 1, 3))  # Sunday
        self.assertEqual(self.add(date(2026, 10, 29), 3), date(2027, 1, 5))
