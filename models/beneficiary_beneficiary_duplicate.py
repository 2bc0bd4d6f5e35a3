import logging
from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.modules.db import has_trigram
from odoo.tools import SQL

from ..tools.arabic_name import name_key
from ..tools.digits import normalize_digits
from .beneficiary_duplicate_mixin import DUPLICATE_GROUPS

# The least name similarity (pg_trgm, 0–1) that makes a file a candidate.
NAME_THRESHOLD_PARAM = "beneficiary_relations.duplicate_name_threshold"
DEFAULT_NAME_THRESHOLD = 0.6
MAX_CANDIDATES = 20

_logger = logging.getLogger(__name__)


class BeneficiaryBeneficiary(models.Model):
    """Possible duplicates of a file, found at intake beyond the exact national ID.

    A candidate is another file, among those the current user may read (the
    searches run with the user's record rules, never as superuser), with a
    similar name (trigram similarity of the normalised names), the same mobile
    number, the national ID of one of this file's family members (as the holder
    of the file or as a member) or the same spouse.
    """

    _name = "beneficiary.beneficiary"
    _inherit = ["beneficiary.beneficiary", "beneficiary.duplicate.mixin"]

    # Stored, indexed matching keys, computed with the row (precompute: no UPDATE).
    name_key = fields.Char(
        "Name Matching Key", compute="_compute_name_key", store=True, precompute=True,
        index="trigram", copy=False,
        help="The name without diacritics, tatweel or letter variants, in ASCII, for the "
        "similar-name search.",
    )  # fmt: skip
    mobile_key = fields.Char(
        "Mobile Matching Key", compute="_compute_mobile_key", store=True, precompute=True,
        index=True, copy=False,
    )  # fmt: skip
    duplicate_reason = fields.Char(
        string="Why It May Be a Duplicate",
        compute="_compute_duplicate_reason",
        groups=DUPLICATE_GROUPS,
        help="Shown in the list of a file's possible duplicates.",
    )

    def init(self):
        res = super().init()
        # Odoo creates pg_trgm with the databases it creates; a database created
        # otherwise gets it here (a trusted extension), before the indexes are made.
        if not self.env.registry.has_trigram:
            try:
                with self.env.cr.savepoint():
                    self.env.cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            except psycopg2.Error:
                _logger.warning(
                    "pg_trgm cannot be installed: possible duplicates are matched on the "
                    "exact normalised name only."
                )
            self.env.registry.has_trigram = has_trigram(self.env.cr)
        return res

    @api.depends("partner_id.name")
    def _compute_name_key(self):
        for record in self:
            record.name_key = name_key(record.partner_id.name) or False

    @api.model
    def _mobile_key(self, number):
        """The number as ``+9665XXXXXXXX`` when it is a Saudi mobile, else its digits."""
        if not number:
            return False
        saudi = self.env["beneficiary.public.form"]._normalize_mobile(number)
        digits = "".join(char for char in normalize_digits(number) if char in "0123456789")
        return saudi or digits or False

    @api.depends("partner_id.mobile")
    def _compute_mobile_key(self):
        for record in self:
            record.mobile_key = self._mobile_key(record.partner_id.mobile)

    def _duplicate_depends(self):
        return ["name", "mobile", "national_id", "member_ids.national_id", "member_ids.relation"]

    def _duplicate_file(self):
        return self

    @api.depends_context("duplicate_of_id", "uid", "allowed_company_ids")
    def _compute_duplicate_reason(self):
        reference = self.browse(self.env.context.get("duplicate_of_id")).exists()
        candidates = reference._duplicate_candidates() if reference else {}
        for record in self:
            record.duplicate_reason = "، ".join(candidates.get(record.id, [])) or False

    def _duplicate_name_threshold(self):
        value = self.env["ir.config_parameter"].sudo().get_param(NAME_THRESHOLD_PARAM)
        try:
            threshold = float(value) if value else DEFAULT_NAME_THRESHOLD
        except ValueError:
            threshold = DEFAULT_NAME_THRESHOLD
        return min(max(threshold, 0.3), 1.0)

    def _duplicate_candidates(self):
        """``{file id: [reasons]}`` of the files that may be this one, most similar first.

        Only files the current user may read are searched. Works on a file being
        typed (a new record) too, so the officer sees the candidates before saving.
        """
        self.ensure_one()
        Beneficiary = self.env["beneficiary.beneficiary"]
        Member = self.env["beneficiary.member"]
        if not Beneficiary.has_access("read"):
            return {}
        own_id = self._origin.id
        others = [("id", "!=", own_id)] if own_id else []
        reasons = defaultdict(list)

        key = name_key(self.name)
        if key:
            query = Beneficiary._search(others)
            column = SQL.identifier(query.table, "name_key")
            if self.env.registry.has_trigram:
                score = SQL("similarity(%s, %s)", column, key)
                # pg_trgm's ``%`` operator uses the trigram index, the threshold then
                # refines it (written ``%%%%``: escaped once for SQL(), once for psycopg2).
                query.add_where(
                    SQL(
                        "%s %%%% %s AND %s >= %s",
                        column,
                        key,
                        score,
                        self._duplicate_name_threshold(),
                    )
                )
            else:
                score = SQL("1.0")
                query.add_where(SQL("%s = %s", column, key))
            query.order = SQL("%s DESC, %s", score, SQL.identifier(query.table, "id"))
            query.limit = MAX_CANDIDATES
            self.env.cr.execute(query.select(SQL.identifier(query.table, "id"), score))
            for candidate_id, similarity in self.env.cr.fetchall():
                reasons[candidate_id].append(
                    self.env._("similar name (%(percent)s%%)", percent=round(similarity * 100))
                )

        mobile = self._mobile_key(self.mobile)
        if mobile:
            for candidate in Beneficiary.search(
                [("mobile_key", "=", mobile), *others], limit=MAX_CANDIDATES
            ):
                # Isolated left to right: "+966…" keeps its plus sign in Arabic text.
                isolated = "\u2066" + candidate.mobile + "\u2069"
                reasons[candidate.id].append(
                    self.env._("same mobile number %(mobile)s", mobile=isolated)
                )

        members = {m.national_id: m for m in self.member_ids if m.national_id}
        numbers = set(members)
        if self.national_id:
            numbers.add(self.national_id)
        if numbers:
            # The same number on a file of another company (one number, one file per company).
            for holder in Beneficiary.search(
                [("national_id", "in", list(numbers)), *others], limit=MAX_CANDIDATES
            ):
                member = members.get(holder.national_id)
                if member:
                    reasons[holder.id].append(
                        self.env._(
                            "family member %(member)s (%(number)s) holds that file",
                            member=member.name,
                            number=holder.national_id,
                        )
                    )
                else:
                    reasons[holder.id].append(
                        self.env._("same national ID %(number)s", number=holder.national_id)
                    )
            member_domain = [("national_id", "in", list(numbers))]
            if own_id:
                member_domain.append(("beneficiary_id", "!=", own_id))
            for other in Member.search(member_domain, limit=MAX_CANDIDATES):
                mine = members.get(other.national_id)
                if not mine:
                    text = self.env._(
                        "this file's holder is family member %(member)s there",
                        member=other.name,
                    )
                elif mine.relation == "spouse" and other.relation == "spouse":
                    text = self.env._(
                        "same spouse %(member)s (%(number)s)",
                        member=other.name,
                        number=other.national_id,
                    )
                else:
                    text = self.env._(
                        "family member %(member)s (%(number)s) is registered there too",
                        member=mine.name,
                        number=other.national_id,
                    )
                reasons[other.beneficiary_id.id].append(text)
        return dict(list(reasons.items())[:MAX_CANDIDATES])
