from odoo import api, fields, models

# A satisfaction answer under this score (percent) calls for a follow-up.
LOW_SCORE_PARAM = "beneficiary_relations.low_satisfaction_score"
DEFAULT_LOW_SCORE = 60.0


class SurveyUserInput(models.Model):
    """A survey answer linked back to the service it evaluates."""

    _inherit = "survey.user_input"

    beneficiary_request_id = fields.Many2one("beneficiary.request", index="btree_not_null")
    beneficiary_complaint_id = fields.Many2one("beneficiary.complaint", index="btree_not_null")
    beneficiary_id = fields.Many2one("beneficiary.beneficiary", index="btree_not_null")
    beneficiary_category_id = fields.Many2one("beneficiary.category")
    beneficiary_channel_id = fields.Many2one("beneficiary.channel")
    beneficiary_officer_id = fields.Many2one("res.users", string="Officer Evaluated")
    beneficiary_company_id = fields.Many2one(
        "res.company", string="Association", compute="_compute_beneficiary_company_lang"
    )
    beneficiary_lang = fields.Char(
        string="Invitation Language", compute="_compute_beneficiary_company_lang"
    )

    @api.depends_context("company")
    @api.depends(
        "partner_id.lang",
        "beneficiary_request_id.company_id",
        "beneficiary_complaint_id.company_id",
    )
    def _compute_beneficiary_company_lang(self):
        """The association that asks, and the language of the invitation.

        Without a linked contact the invitation is written in the language of
        the service's applicant, else of the association, else Arabic.
        """
        arabic = self.env["res.lang"]._get_data(code="ar_001")
        for answer in self:
            service = answer.beneficiary_request_id or answer.beneficiary_complaint_id
            company = service.company_id or self.env.company
            answer.beneficiary_company_id = company
            answer.beneficiary_lang = (
                answer.partner_id.lang
                or service.partner_id.lang
                or company.partner_id.lang
                or (arabic and arabic.code)
                or False
            )

    @api.model
    def _evidence_pack_section(self, wizard):
        """Satisfaction figures of the governance evidence pack for the wizard's period."""
        start, end = wizard._utc_bounds()
        report = self.env["beneficiary.satisfaction.report"]
        domain = [
            ("company_id", "=", wizard.company_id.id),
            ("date", ">=", start),
            ("date", "<", end),
        ]
        ((sent, answered, score),) = report._read_group(
            domain, [], ["sent:sum", "answered:sum", "score:avg"]
        )
        sent, answered = sent or 0, answered or 0
        return [
            (self.env._("Satisfaction surveys sent"), sent),
            (self.env._("Surveys answered"), answered),
            (
                self.env._("Response rate (%)"),
                round(100.0 * answered / sent, 1) if sent else None,
            ),
            # No answer, no index: blank, not 0.
            (
                self.env._("Satisfaction index (%)"),
                round(score, 1) if answered and score is not None else None,
            ),
        ]

    def _mark_done(self):
        result = super()._mark_done()
        self._follow_up_low_satisfaction()
        return result

    @api.model
    def _low_score_threshold(self):
        value = self.env["ir.config_parameter"].sudo().get_param(LOW_SCORE_PARAM)
        try:
            return float(value) if value else DEFAULT_LOW_SCORE
        except ValueError:
            return DEFAULT_LOW_SCORE

    def _follow_up_low_satisfaction(self):
        """A low score gives the contact officer an activity to follow it up."""
        threshold = self._low_score_threshold()
        for answer in self.sudo():
            source = answer.beneficiary_request_id or answer.beneficiary_complaint_id
            if not source or answer.scoring_percentage >= threshold:
                continue
            officer = source._satisfaction_follow_up_user()
            source.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=officer.id,
                summary=self.env._(
                    "Low satisfaction (%(score)s%%): follow up with the beneficiary",
                    score=round(answer.scoring_percentage),
                ),
            )
