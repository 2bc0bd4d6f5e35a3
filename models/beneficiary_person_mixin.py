from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.hijri import format_hijri


class BeneficiaryPersonMixin(models.AbstractModel):
    """A person's birth date, shown with its Hijri date and the age, never in the future."""

    _name = "beneficiary.person.mixin"
    _description = "Person with a birth date"

    birth_date = fields.Date()
    birth_date_hijri = fields.Char(string="Birth Date (Hijri)", compute="_compute_birth_date_hijri")
    age = fields.Integer(compute="_compute_age")

    @api.depends("birth_date")
    @api.depends_context("lang")
    def _compute_birth_date_hijri(self):
        for person in self:
            person.birth_date_hijri = format_hijri(person.birth_date, lang=self.env.lang or "en")

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for person in self:
            person.age = relativedelta(today, person.birth_date).years if person.birth_date else 0

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for person in self:
            if person.birth_date and person.birth_date > today:
                raise ValidationError(
                    self.env._(
                        "The birth date of %(name)s cannot be in the future.", name=person.name
                    )
                )
