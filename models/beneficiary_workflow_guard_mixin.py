import contextvars
import functools
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError

# Set only by ``workflow_transition`` while a transition method runs. A context
# variable lives in the Python process: no RPC client can set it, unlike a key of
# the request's context, and it never leaks into the context of records or actions.
_IN_TRANSITION = contextvars.ContextVar("beneficiary_workflow_transition", default=False)


@contextmanager
def workflow_block():
    """Let the code inside change workflow fields (transitions, crons, wizards)."""
    token = _IN_TRANSITION.set(True)
    try:
        yield
    finally:
        _IN_TRANSITION.reset(token)


def workflow_transition(method):
    """Decorate a transition method: the workflow fields it writes are allowed."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with workflow_block():
            return method(*args, **kwargs)

    return wrapper


class BeneficiaryWorkflowGuardMixin(models.AbstractModel):
    """Workflow fields change only through the model's transitions.

    A model lists its workflow fields in ``_workflow_fields``; ``write`` refuses to
    change them, and ``create`` to set them to anything but their default (also
    from ``default_*`` context keys), unless the call comes from a method decorated
    with ``workflow_transition`` (``action_*``, crons, wizards). Every user is held
    to it, managers included; only the superuser (module installation, data files,
    crons run as OdooBot) is not, as for record rules.
    """

    _name = "beneficiary.workflow.guard.mixin"
    _description = "Workflow Fields Changed Only by Transitions"

    # Field names that only transitions may change.
    _workflow_fields = ()

    def _workflow_fields_on_create(self):
        """The workflow fields a new record may not be given (all by default)."""
        return self._workflow_fields

    def _workflow_free(self):
        return _IN_TRANSITION.get() or self.env.uid == SUPERUSER_ID

    def _workflow_actions_hint(self):
        """Words naming the actions that change this model's workflow fields."""
        return self.env._("the buttons of the form")

    def _workflow_extra_locked_fields(self, vals):
        """Fields of ``vals`` that may not change on ``self`` in its current state."""
        return set()

    def _check_state(self, allowed, message=None):
        """Refuse a step unless every record is in one of the ``allowed`` states.

        ``message`` is the step's whole sentence, already translated, naming the
        record as ``%(record)s`` (one sentence per step, so that each language
        words it correctly: in Arabic the complaint is feminine, the request not).
        """
        for record in self:
            if record.state not in allowed:
                sentence = message or self.env._(
                    "This step cannot be taken on %(record)s in its current status."
                )
                raise UserError(sentence % {"record": record.display_name})

    def _workflow_raise(self, field_names):
        labels = sorted(
            self._fields[name].get_description(self.env)["string"] for name in field_names
        )
        raise UserError(
            self.env._(
                "%(fields)s of %(model)s can only be changed with %(actions)s, "
                "not written directly.",
                fields=", ".join(labels),
                model=self.env["ir.model"].sudo()._get(self._name).name,
                actions=self._workflow_actions_hint(),
            )
        )

    def _workflow_changed(self, field_names, vals):
        """The fields among ``field_names`` whose value in ``vals`` differs on a record."""
        changed = set()
        for name in field_names:
            field = self._fields[name]
            if field.type in ("binary", "image", "one2many", "many2many"):
                changed.add(name)
                continue
            for record in self:
                new = field.convert_to_record(field.convert_to_cache(vals[name], record), record)
                if new != record[name]:
                    changed.add(name)
                    break
        return changed

    @api.model_create_multi
    def create(self, vals_list):
        model = self
        protected = set(self._workflow_fields_on_create())
        if protected and not self._workflow_free():
            context = self.env.context
            if any(key.startswith("default_") and key[8:] in protected for key in context):
                # ``default_state`` and the like never choose a workflow value.
                clean = {
                    key: value
                    for key, value in context.items()
                    if not (key.startswith("default_") and key[8:] in protected)
                }
                model = self.with_env(self.env(context=clean))
            model._workflow_check_create(vals_list)
        return super(BeneficiaryWorkflowGuardMixin, model).create(vals_list)

    def _workflow_check_create(self, vals_list):
        """Refuse new records given workflow values other than their defaults."""
        protected = set(self._workflow_fields_on_create())
        if not protected or self._workflow_free():
            return
        refused = set()
        for vals in vals_list:
            for name in protected.intersection(vals):
                field = self._fields[name]
                default = field.default(self) if field.default else False
                if vals[name] and vals[name] != default:
                    refused.add(name)
        if refused:
            self._workflow_raise(refused)

    def write(self, vals):
        if self and not self._workflow_free():
            names = set(self._workflow_fields).intersection(vals)
            locked = self._workflow_changed(names, vals) if names else set()
            locked |= self._workflow_extra_locked_fields(vals)
            if locked:
                self._workflow_raise(locked)
        return super().write(vals)
