"""Searching or grouping on a field is reading it.

Odoo hides a field restricted by ``groups=`` from ``read`` but still evaluates it
in a search domain or a group-by, so a user outside the groups could learn its
values one question at a time. ``beneficiary.restricted.search.mixin`` refuses
such a search on the fields a model lists.
"""

from odoo import api, models
from odoo.exceptions import AccessError


def _leaf_field_names(domain):
    for leaf in domain or ():
        if isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str):
            # A path or an ``any`` sub-domain goes on in the comodel's own search.
            yield leaf[0].split(".", 1)[0]


def check_field_access(model, field_names):
    """Raise ``AccessError`` if the user may not read one of ``field_names``."""
    if model.env.su:
        return
    refused = [
        name
        for name in set(field_names)
        if name in model._fields
        and model._fields[name].groups
        and not model.env.user.has_groups(model._fields[name].groups)
    ]
    if refused:
        labels = sorted(
            model._fields[name].get_description(model.env)["string"] for name in refused
        )
        raise AccessError(
            model.env._(
                "You are not allowed to search or group %(model)s by %(fields)s.",
                model=model._description,
                fields=", ".join(labels),
            )
        )


def check_domain_access(model, domain, guarded):
    """Refuse ``domain`` if it filters on a field of ``guarded`` the user may not read."""
    if model.env.su or not domain:
        return
    names = [name for name in _leaf_field_names(domain) if name in guarded]
    if names:
        check_field_access(model, names)


def groupby_field_names(groupby, aggregates=()):
    names = [spec.split(":", 1)[0].split(".", 1)[0] for spec in groupby or ()]
    names += [spec.split(":", 1)[0] for spec in aggregates or () if spec != "__count"]
    return names


class BeneficiaryRestrictedSearchMixin(models.AbstractModel):
    """Refuse searches and group-bys on listed fields the user may not read."""

    _name = "beneficiary.restricted.search.mixin"
    _description = "Searches Limited to Readable Fields"

    # Names of fields restricted by ``groups=`` that no outsider may search on.
    _restricted_search_fields = frozenset()

    @api.model
    def _search(self, domain, *args, **kwargs):
        check_domain_access(self, domain, self._restricted_search_fields)
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), *args, **kwargs):
        names = self._restricted_search_fields.intersection(
            groupby_field_names(groupby, aggregates)
        )
        if names:
            check_field_access(self, names)
        return super()._read_group(domain, groupby, aggregates, *args, **kwargs)
