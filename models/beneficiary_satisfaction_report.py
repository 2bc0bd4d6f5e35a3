from odoo import fields, models, tools
from odoo.tools import SQL


class BeneficiarySatisfactionReport(models.Model):
    """Satisfaction answers for analysis, without saying who answered.

    Officers see the index of their service, never the respondent: the report
    carries no partner and no link to the answer itself.
    """

    _name = "beneficiary.satisfaction.report"
    _description = "Satisfaction Analysis"
    _inherit = ["beneficiary.xlsx.export.mixin"]
    _auto = False
    _order = "date desc"
    _xlsx_export_fields = (
        "date",
        "answered_date",
        "survey_id",
        "source",
        "request_type_id",
        "complaint_category_id",
        "category_id",
        "channel_id",
        "officer_id",
        "answered",
        "score",
    )
    _xlsx_export_blank_unless = {"score": "answered"}

    date = fields.Datetime(string="Sent On", readonly=True)
    answered_date = fields.Datetime(readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    source = fields.Selection([("request", "Request"), ("complaint", "Complaint")], readonly=True)
    request_type_id = fields.Many2one("beneficiary.request.type", readonly=True)
    complaint_category_id = fields.Many2one("beneficiary.complaint.category", readonly=True)
    category_id = fields.Many2one(
        "beneficiary.category", string="Beneficiary Category", readonly=True
    )
    channel_id = fields.Many2one("beneficiary.channel", readonly=True)
    officer_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    answered = fields.Integer(string="Answers", readonly=True)
    sent = fields.Integer(string="Surveys Sent", readonly=True)
    score = fields.Float(string="Satisfaction Index (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT answer.id AS id,
                           answer.create_date AS date,
                           answer.end_datetime AS answered_date,
                           answer.survey_id AS survey_id,
                           CASE WHEN answer.beneficiary_request_id IS NOT NULL
                                THEN 'request' ELSE 'complaint' END AS source,
                           request.type_id AS request_type_id,
                           complaint.category_id AS complaint_category_id,
                           answer.beneficiary_category_id AS category_id,
                           answer.beneficiary_channel_id AS channel_id,
                           answer.beneficiary_officer_id AS officer_id,
                           COALESCE(request.company_id, complaint.company_id) AS company_id,
                           1 AS sent,
                           CASE WHEN answer.state = 'done' THEN 1 ELSE 0 END AS answered,
                           CASE WHEN answer.state = 'done'
                                THEN answer.scoring_percentage END AS score
                      FROM survey_user_input answer
                 LEFT JOIN beneficiary_request request
                        ON request.id = answer.beneficiary_request_id
                 LEFT JOIN beneficiary_complaint complaint
                        ON complaint.id = answer.beneficiary_complaint_id
                     WHERE answer.test_entry IS NOT TRUE
                       AND (answer.beneficiary_request_id IS NOT NULL
                            OR answer.beneficiary_complaint_id IS NOT NULL)
                )
                """,
                SQL.identifier(self._table),
            )
        )
