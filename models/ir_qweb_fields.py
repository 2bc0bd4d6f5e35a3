from lxml import html as lxml_html
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import format_date

from ..tools.hijri import hijri_parts
from ..tools.text_lines import wrap_lines

_BLOCK_TAGS = (
    *("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"),
    *("ul", "ol", "table", "thead", "tbody", "tr", "td", "th"),
)
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class IrQwebFieldHijriDate(models.AbstractModel):
    """A date (or datetime) printed Hijri (Umm al-Qura) first, then Gregorian.

    ``t-field="o.date" t-options="{'widget': 'hijri_date'}"``, or with ``t-out`` for a
    value. Options: ``long`` (weekday, day, month name, year), ``hijri_only``,
    ``gregorian_only``. Datetimes are first moved to the user's time zone so both
    calendars name the same local day. Digits and words are separate runs, so
    neither build of wkhtmltopdf glues "هـ" to the digits.
    """

    _name = "ir.qweb.field.hijri_date"
    _description = "Qweb Field Gregorian and Hijri Date"
    _inherit = "ir.qweb.field"

    @api.model
    def get_available_options(self):
        options = super().get_available_options()
        options.update(
            long={"type": "boolean", "string": self.env._("Long form")},
            hijri_only={"type": "boolean", "string": self.env._("Hijri date only")},
            gregorian_only={"type": "boolean", "string": self.env._("Gregorian date only")},
        )
        return options

    @api.model
    def _local_date(self, value):
        if not value:
            return False
        if isinstance(value, str):
            value = fields.Datetime.to_datetime(value) if len(value) > 10 else value
        if hasattr(value, "hour"):
            return fields.Datetime.context_timestamp(self, value).date()
        return fields.Date.to_date(value)

    @api.model
    def _is_rtl(self):
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        return bool(lang) and lang.direction == "rtl"

    @api.model
    def _date_parts(self, day, options):
        """The runs of the printed date: ``(text, is_number)`` pairs."""
        lang = self.env.lang or "en_US"
        arabic = lang.startswith("ar")
        hijri = [] if options.get("gregorian_only") else hijri_parts(day, lang, options.get("long"))
        gregorian = []
        if not options.get("hijri_only"):
            gregorian = [(format_date(self.env, day, date_format="dd/MM/yyyy"), True)]
            if arabic:
                gregorian.append(("م", False))
        if hijri and gregorian:
            return [*hijri, (self.env._("corresponding to"), False), *gregorian]
        return hijri or gregorian

    @api.model
    def value_to_html(self, value, options):
        day = self._local_date(value)
        if not day:
            return ""
        runs = [
            Markup('<span dir="ltr">%s</span>') % text
            if number
            else Markup("<span>%s</span>") % text
            for text, number in self._date_parts(day, options)
        ]
        return Markup('<span class="o_br_date">%s</span>') % Markup(" ").join(runs)

    @api.model
    def value_to_text(self, value, options=None):
        """The same date as plain text, for mail and SMS bodies."""
        day = self._local_date(value)
        if not day:
            return ""
        return " ".join(text for text, _number in self._date_parts(day, options or {}))


class IrQwebFieldReportText(models.AbstractModel):
    """Free text (plain or HTML) printed as short lines that both wkhtmltopdf builds show.

    ``t-field="o.description" t-options="{'widget': 'report_text', 'width': 60}"``:
    each line holds at most ``width`` characters (default 120, a full A4 line);
    HTML keeps its paragraphs, headings and list items, as lines.
    """

    _name = "ir.qweb.field.report_text"
    _description = "Qweb Field Report Text Lines"
    _inherit = "ir.qweb.field"

    @api.model
    def get_available_options(self):
        options = super().get_available_options()
        options.update(width={"type": "integer", "string": self.env._("Characters per line")})
        return options

    @api.model
    def _blocks(self, value):
        """``(kind, text)`` of each block: kind is 'heading', 'item' or 'text'."""
        if not isinstance(value, Markup) and "<" not in str(value):
            return [("text", str(value))]
        root = lxml_html.fragment_fromstring(str(value), create_parent="div")
        blocks = []

        def walk(node):
            inline = [node.text or ""]
            for child in node:
                if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
                    blocks.append(("text", "".join(inline)))
                    inline = []
                    kind = "heading" if child.tag in _HEADING_TAGS else "text"
                    if child.tag == "li":
                        kind = "item"
                    if any(isinstance(sub.tag, str) and sub.tag in _BLOCK_TAGS for sub in child):
                        walk(child)
                    else:
                        blocks.append((kind, child.text_content()))
                elif isinstance(child.tag, str) and child.tag == "br":
                    blocks.append(("text", "".join(inline)))
                    inline = []
                elif isinstance(child.tag, str):
                    inline.append(child.text_content())
                inline.append(child.tail or "")
            blocks.append(("text", "".join(inline)))

        walk(root)
        return [(kind, text) for kind, text in blocks if text.strip()]

    @api.model
    def value_to_html(self, value, options):
        if not value:
            return ""
        width = int(options.get("width") or 120)
        lines = []
        for kind, text in self._blocks(value):
            for number, line in enumerate(wrap_lines(text, width - 2 if kind == "item" else width)):
                if kind == "item":
                    bullet = "•" if number == 0 else ""
                    lines.append(
                        Markup('<div class="o_br_line o_br_item"><span>%s</span> %s</div>')
                        % (bullet, line)
                    )
                else:
                    lines.append(
                        Markup('<div class="o_br_line o_br_%s">%s</div>') % (kind, escape(line))
                    )
        return Markup('<div class="o_br_lines">%s</div>') % Markup("").join(lines)
