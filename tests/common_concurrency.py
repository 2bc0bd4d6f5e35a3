import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import psycopg2

import odoo
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import mute_logger


class TwoTransactionsCase(BaseCase):
    """Two sessions act at the same moment, each in a real transaction of its own.

    The data is committed in ``setUpClass`` (a test transaction would hide it from the
    other cursors); ``created`` records what ``delete_created`` removes once the class
    has run.
    """

    # What a session that loses the race may get: the guard's message, or the
    # database refusing the second writer.
    REFUSALS = (
        UserError,
        psycopg2.errors.SerializationFailure,
        psycopg2.errors.LockNotAvailable,
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.created = {}
        cls.addClassCleanup(cls._clean_up)

    @classmethod
    def _clean_up(cls):
        with cls.superuser_env() as env:
            cls.delete_created(env)

    @classmethod
    def delete_created(cls, env):
        """Delete, on ``env``'s cursor, what ``setUpClass`` committed (``created``)."""
        raise NotImplementedError(f"{cls.__name__} must delete what it created")

    @classmethod
    @contextmanager
    def superuser_env(cls):
        """An environment on a cursor of its own, committed when the block ends."""
        with cls.registry.cursor() as cr:
            yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})

    @staticmethod
    def unlink_partners(partners):
        """Delete the test partners, or archive those something else still points to."""
        for partner in partners:
            try:
                with partner.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    partner.unlink()
            except psycopg2.Error:
                partner.active = False

    @classmethod
    def create_users(cls, env, login, count, *groups):
        """``count`` users of ``groups`` (XML ids), recorded for ``delete_users``."""
        group_ids = [env.ref(group).id for group in groups]
        users = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"{login} {number}",
                        "login": f"{login}_{number}",
                        "groups_id": [(6, 0, group_ids)],
                    }
                    for number in range(1, count + 1)
                ]
            )
        )
        cls.created.setdefault("users", []).extend(users.ids)
        return users

    @classmethod
    def delete_users(cls, env):
        users = env["res.users"].browse(cls.created.get("users", []))
        partners = users.partner_id
        for user in users:
            try:
                with env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    user.unlink()
            except psycopg2.Error:
                user.active = False
        cls.unlink_partners(partners.exists())

    def race(self, model, ids, method, snapshot, user_ids=None):
        """Call ``method`` on each record of ``ids`` in two concurrent transactions,
        each as its user of ``user_ids`` (the superuser by default).

        Both transactions first run the ``snapshot`` query (SQL, params), so that each
        reads the database before either acts. Return, per record, True when its
        transaction committed and False when it was refused.
        """
        barrier = threading.Barrier(len(ids))
        user_ids = user_ids or [odoo.SUPERUSER_ID] * len(ids)

        def attempt(record_id, user_id):
            with self.registry.cursor() as cr:
                # The test runner holds the registry class lock while it runs the
                # tests: give the cursor its transaction so the thread does not look
                # it up.
                cr.transaction = odoo.api.Transaction(self.registry)
                env = odoo.api.Environment(cr, user_id, {})
                record = env[model].browse(record_id)
                cr.execute(*snapshot)
                barrier.wait(timeout=10)
                try:
                    getattr(record, method)()
                    cr.flush()
                except self.REFUSALS:
                    cr.rollback()
                    return False
                return True  # committed when the cursor closes

        with ThreadPoolExecutor(max_workers=len(ids)) as pool:
            futures = [
                pool.submit(attempt, record_id, user_id)
                for record_id, user_id in zip(ids, user_ids, strict=True)
            ]
            return [future.result(timeout=60) for future in futures]
