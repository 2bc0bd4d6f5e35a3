from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

OPERATIONS = [
    ("read", "Opened"),
    ("export", "Exported"),
    ("print", "Printed"),
    ("bundle", "Personal data copy"),
    ("anonymise", "Anonymised"),
]

CHANNELS = [
    ("backend", "Back office"),
    ("portal", "Portal"),
    ("system", "Scheduled job"),
]

DATA_CATEGORIES = [
    ("file", "Beneficiary file"),
    ("members", "Family members"),
    ("income", "Income"),
    ("documents", "Documents"),
    ("health", "Health"),
]


class BeneficiaryAccessLog(models.Model):
    """Who opened, exported or printed a beneficiary's personal data, and when.

    Rows are written only by the module itself, in one ``INSERT`` per batch;
    no user (administrators included) can change or delete them: the ORM
    refuses, and a database trigger refuses any ``UPDATE``. Rows older than
    the access-log retention period are purged by a scheduled job.
    """

    _name = "beneficiary.access.log"
    _description = "Personal Data Access Log"
    _order = "id desc"
    _rec_name = "file_reference"

    user_id = fields.Many2one("res.users", readonly=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", readonly=True, index=True, ondelete="restrict")
    access_date = fields.Datetime(string="Time", readonly=True, index=True)
    operation = fields.Selection(OPERATIONS, readonly=True, index=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    data_category = fields.Selection(DATA_CATEGORIES, string="Data", readonly=True, index=True)
    res_model = fields.Char(string="Model", readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", readonly=True)
    beneficiary_ref_id = fields.Integer(string="File ID", readonly=True, index=True)
    file_reference = fields.Char(string="File Number", readonly=True, index=True)

    def init(self):
        # Append-only at the database level too: no UPDATE, whoever asks.
        self.env.cr.execute(
            """
            CREATE OR REPLACE FUNCTION beneficiary_access_log_no_update() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'beneficiary_access_log rows cannot be changed';
            END;
            $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS beneficiary_access_log_no_update ON beneficiary_access_log;
            CREATE TRIGGER beneficiary_access_log_no_update
                BEFORE UPDATE ON beneficiary_access_log
                FOR EACH ROW EXECUTE FUNCTION beneficiary_access_log_no_update();
            """
        )

    def _refuse_change(self):
        raise AccessError(
            self.env._("The access log is written by the system only and cannot be changed.")
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Rows come from ``_log`` (SQL) only, never from a user or an import.
        self._refuse_change()
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_change()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        self._refuse_change()

    @api.model
    def _log(self, records, operation, channel="backend", categories=("file",)):
        """Log ``operation`` on ``records`` (of a model using the access-logged
        mixin) for the current user: one ``INSERT`` for every record and
        category, whatever their number."""
        if not records or not categories:
            return
        records.flush_model([records._access_log_file_field])
        self.env["beneficiary.beneficiary"].flush_model(["reference"])
        user = self.env.user
        file_column = SQL.identifier("rec", records._access_log_file_field)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO beneficiary_access_log
                    (create_uid, create_date, write_uid, write_date, user_id, company_id,
                     access_date, operation, channel, data_category, res_model, res_id,
                     beneficiary_ref_id, file_reference)
                SELECT %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC',
                       %(uid)s, ben.company_id, now() at time zone 'UTC', %(operation)s,
                       %(channel)s, cat.name, %(model)s, rec.id, ben.id, ben.reference
                  FROM %(table)s rec
                  JOIN beneficiary_beneficiary ben ON ben.id = %(file_column)s
                 CROSS JOIN unnest(%(categories)s::varchar[]) AS cat(name)
                 WHERE rec.id = ANY(%(ids)s)
                """,
                uid=user.id,
                operation=operation,
                channel=channel,
                model=records._name,
                table=SQL.identifier(records._table),
                file_column=file_column,
                categories=list(categories),
                ids=records.ids,
            )
        )

    @api.autovacuum
    def _gc_expired(self):
        """Purge log rows older than the access-log retention period."""
        rules = (
            self.env["beneficiary.retention.rule"]
            .sudo()
            .search([("record_type", "=", "access_log")])
        )
        for rule in rules:
            limit = fields.Datetime.now() - timedelta(days=365 * rule.period_years)
            self.env.cr.execute(
                SQL(
                    "DELETE FROM beneficiary_access_log WHERE access_date < %s AND company_id = %s",
                    limit,
                    rule.company_id.id,
                )
            )


class BeneficiaryAccessLoggedMixin(models.AbstractModel):
    """Logs every form read, export and print of a model holding personal data.

    ``_access_log_file_field`` names the column that leads to the beneficiary
    file; ``_access_log_categories`` maps fields to the data category that a
    form read of them opens (a form showing none of them is not logged).
    """

    _name = "beneficiary.access.logged.mixin"
    _description = "Personal data access logging"

    _access_log_file_field = "beneficiary_id"
    _access_log_categories = {}
    _access_log_category = "file"

    def _access_log(self, operation, channel="backend", categories=None):
        if categories is None:
            categories = (self._access_log_category,)
        self.env["beneficiary.access.log"]._log(self, operation, channel, categories)

    def web_read(self, specification):
        if self.env.context.get("beneficiary_access_logged"):
            return super().web_read(specification)
        # Sub-records read with the form belong to the same opening.
        result = super(
            BeneficiaryAccessLoggedMixin, self.with_context(beneficiary_access_logged=True)
        ).web_read(specification)
        if len(self) == 1:
            categories = {
                category
                for field_name, category in self._access_log_categories.items()
                if field_name in specification
            }
            if categories:
                self._access_log("read", categories=sorted(categories))
        return result

    # Opening a form writes its log row: it runs on the primary database.
    web_read._readonly = False

    @api.readonly
    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        # A list is not an opened file: only forms are logged.
        return super(
            BeneficiaryAccessLoggedMixin, self.with_context(beneficiary_access_logged=True)
        ).web_search_read(domain, specification, offset, limit, order, count_limit)

    def export_data(self, fields_to_export):
        self._access_log("export")
        return super().export_data(fields_to_export)

    def _xlsx_export_rows(self, ids):
        self.browse(ids)._access_log("export")
        return super()._xlsx_export_rows(ids)
