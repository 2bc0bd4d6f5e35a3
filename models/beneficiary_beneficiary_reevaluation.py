from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from .cron_batches import run_in_batches

# Files flagged per transaction of the scheduled job.
REEVALUATION_BATCH = 500
INCOME_VALID_MONTHS = 12
DEFAULT_EXPIRY_NOTICE_DAYS = 30


class BeneficiaryBeneficiary(models.Model):
    """Periodic re-evaluation: files whose documents expire soon or whose income was
    verified more than a year ago get a re-evaluation task for their researcher."""

    _inherit = "beneficiary.beneficiary"  # pylint: disable=consider-merging-classes-inherited

    income_verified_date = fields.Date(
        string="Income Verified On",
        tracking=True,
        copy=False,
        help="The last time a researcher verified the household's income.",
    )
    reevaluation_date = fields.Date(
        string="Re-evaluation Asked On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set when a re-evaluation task is created; cleared when the file is re-evaluated.",
    )

    def action_mark_reevaluated(self):
        """The researcher re-evaluated the file: income verified today, task done."""
        today = fields.Date.context_today(self)
        self.write({"income_verified_date": today, "reevaluation_date": False})
        self.activity_feedback(
            ["beneficiary_relations.mail_activity_type_reevaluation"],
            feedback=self.env._("Re-evaluated."),
        )
        return True

    @api.model
    def _reevaluation_notice_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("beneficiary_relations.reevaluation_notice_days", DEFAULT_EXPIRY_NOTICE_DAYS)
        )
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            return DEFAULT_EXPIRY_NOTICE_DAYS

    def _reevaluation_reasons(self, today, expiry_limit):
        self.ensure_one()
        reasons = []
        expiring = self.document_ids.filtered(
            lambda document: document.expiry_date and document.expiry_date <= expiry_limit
        )
        for document in expiring:
            reasons.append(
                self.env._(
                    "%(document)s expires on %(date)s.",
                    document=document.display_name,
                    date=format_date(self.env, document.expiry_date),
                )
            )
        if not self.income_verified_date:
            reasons.append(self.env._("The income has never been verified."))
        elif self.income_verified_date < today - relativedelta(months=INCOME_VALID_MONTHS):
            reasons.append(
                self.env._(
                    "The income was last verified on %(date)s, more than %(months)s months ago.",
                    date=format_date(self.env, self.income_verified_date),
                    months=INCOME_VALID_MONTHS,
                )
            )
        return reasons

    @api.model
    def _cron_flag_reevaluation(self, batch_size=REEVALUATION_BATCH):
        """Give each registered file due for re-evaluation one task, once."""
        run_in_batches(self, self._flag_reevaluation_batch, batch_size)
        return True

    @api.model
    def _flag_reevaluation_batch(self, limit):
        """Flag up to ``limit`` files due for re-evaluation; return (done, remaining).

        Rows are claimed with ``FOR UPDATE SKIP LOCKED`` and marked with the date, so
        two overlapping runs never flag the same file and a later run does not flag it
        again until it is re-evaluated. Enrolments in running programs are evaluated
        again: those that no longer meet the rules are listed, never withdrawn.
        """
        today = fields.Date.context_today(self)
        expiry_limit = today + relativedelta(days=self._reevaluation_notice_days())
        income_limit = today - relativedelta(months=INCOME_VALID_MONTHS)
        self.env.flush_all()
        due = SQL(
            """
            file.state = 'active'
            AND file.reevaluation_date IS NULL
            AND (file.income_verified_date IS NULL
                 OR file.income_verified_date < %(income_limit)s
                 OR EXISTS (SELECT 1 FROM beneficiary_document document
                             WHERE document.beneficiary_id = file.id
                               AND document.expiry_date <= %(expiry_limit)s))
            """,
            income_limit=income_limit,
            expiry_limit=expiry_limit,
        )
        self.env.cr.execute(
            SQL(
                "SELECT file.id FROM beneficiary_beneficiary file WHERE %s "
                "ORDER BY file.id LIMIT %s FOR UPDATE OF file SKIP LOCKED",
                due,
                limit,
            )
        )
        files = self.browse([row[0] for row in self.env.cr.fetchall()])
        if files:
            files.write({"reevaluation_date": today})
            Category = self.env["beneficiary.category"]
            for file in files:
                user = (
                    file.researcher_id
                    or Category._officer_for(file.category_id, "social", file.company_id)
                    or file.create_uid
                )
                file.activity_schedule(
                    "beneficiary_relations.mail_activity_type_reevaluation",
                    user_id=user.id,
                    note="<br/>".join(file._reevaluation_reasons(today, expiry_limit)),
                )
            enrolments = self.env["beneficiary.program.enrolment"].search(
                [
                    ("beneficiary_id", "in", files.ids),
                    ("state", "=", "enrolled"),
                    ("program_id.state", "=", "active"),
                ]
            )
            for program in enrolments.program_id:
                program._enrol(
                    enrolments.filtered(
                        lambda enrolment, program=program: enrolment.program_id == program
                    ).beneficiary_id
                )
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM beneficiary_beneficiary file WHERE %s", due))
        return len(files), self.env.cr.fetchone()[0]
