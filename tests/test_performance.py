from odoo.tests import tagged
from odoo.tests.common import warmup

from .common import BeneficiaryCase, valid_national_id


@tagged("post_install", "-at_install")
class TestPerformance(BeneficiaryCase):
    def _vals(self, count):
        return [
            {
                "name": f"مستفيدة {index}",
                "national_id": valid_national_id(),
                "category_id": self.category_widow.id,
                "mobile": "+966500000000",
            }
            for index in range(count)
        ]

    def _queries_to_create(self, count):
        model = self.Beneficiary.with_user(self.officer)
        vals_list = self._vals(count)
        model.create(self._vals(1))  # warm the caches used by create
        self.env.flush_all()
        start = self.cr.sql_log_count
        records = model.create(vals_list)
        self.env.flush_all()
        self.assertEqual(len(records), count)
        return self.cr.sql_log_count - start

    @warmup
    def test_create_one_beneficiary_budget(self):
        with self.with_user("br_officer"):
            model = self.env["beneficiary.beneficiary"]
            with self.assertQueryCount(br_officer=QUERY_BUDGET_CREATE):
                model.create(self._vals(1))

    def test_batch_create_costs_the_same_for_1_10_100(self):
        counts = {count: self._queries_to_create(count) for count in (1, 10, 100)}
        self.assertEqual(counts[1], counts[10], counts)
        self.assertEqual(counts[10], counts[100], counts)
        self.assertLessEqual(counts[1], QUERY_BUDGET_CREATE, counts)

    @warmup
    def test_national_id_lookup_budget(self):
        beneficiary = self.create_beneficiary(national_id=valid_national_id())
        with self.with_user("br_officer"):
            model = self.env["beneficiary.beneficiary"]
            self.env.invalidate_all()
            # The indexed search, and reading the user's companies for the company rule.
            with self.assertQueryCount(br_officer=2):
                self.assertEqual(model._find_by_national_id(beneficiary.national_id), beneficiary)


# One create of a tracked, numbered file with its contact partner, as a first form
# save (cold record cache): partner insert and its commercial fields, the user and
# company read, national ID register checks (one per model, before the insert; the
# constraint does not search again), numbering (sequence search, read, nextval), the
# file inserted with its precomputed totals, follower, creation message.
QUERY_BUDGET_CREATE = 19
