"""The experiment as a frozen, validated value.

One table, ``FIELDS``, names every serialisable field with its default, unit and allowed values.
Validation, ``to_dict``/``from_dict``, JSON/TOML files and the CLI's ``--set`` all read it, so
adding a field is one row.

A spec is addressed by dotted keys (``"training.learning_rate"``) and read by attribute
(``spec.training.learning_rate``). ``None`` means "derive it" (from the dataset or the task).

The package, bottom to top: ``errors`` (SpecError, how a bad value is quoted), ``checks`` (the
allowed names, limits and value checks), ``fields`` (the ``FIELDS`` table), ``experiment``
(``Spec``) and ``serialise`` (files and ``--set``). The names below are what the rest of the
project reads; the other names live in the module that holds them.
"""

from playground.core.spec.checks import ACTIVATIONS, INITS, LOSSES, MAX_LAYERS, MAX_UNITS
from playground.core.spec.errors import SpecError
from playground.core.spec.experiment import Spec, is_live_change
from playground.core.spec.fields import ALIASES, FIELD_BY_KEY, FIELDS
from playground.core.spec.serialise import apply_settings, dumps, load, loads, save

__all__ = ["ACTIVATIONS", "ALIASES", "FIELDS", "FIELD_BY_KEY", "INITS", "LOSSES", "MAX_LAYERS",
           "MAX_UNITS", "Spec", "SpecError", "apply_settings", "dumps", "is_live_change", "load",
           "loads", "save"]
