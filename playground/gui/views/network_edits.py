"""The network builder's edits: each ask of a layer's controls, the layer buttons, the output
activation box or the initialiser combo becomes one undoable ``session.update``.

The view connects the controls' signals to these slots; it redraws from the session's
``spec_changed``, never from here. An edit the session refuses calls ``refused`` so the
controls go back to the spec's values. Texts keep the ``NetworkView`` translation context;
the one with plural forms comes from the view (lupdate reads plurals only in ``tr()`` calls).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Slot

from playground.core.spec import Spec
from playground.gui.views import network_layout as geo

translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls


class NetworkEdits(QObject):
    """Turns the builder's asks into session edits of ``model.*`` (undo texts included)."""

    def __init__(self, session: Any, spec: Callable[[], Spec], refused: Callable[[], None],
                 units_text: Callable[[int, int], str], parent: QObject | None = None):
        super().__init__(parent)
        self._session = session
        self._spec = spec  # the spec the view shows (its blocks are what the controls show)
        self._refused = refused
        self._units_text = units_text  # (layer index, units) -> "Set layer 2 to 5 neurons"

    def _layers(self) -> tuple[Any, list[geo.HiddenBlock]]:
        layers = self._spec().model.layers
        return layers, geo.split_blocks(layers)[1]

    def _edit(self, layers: list[dict[str, Any]], text: str, **merge: str) -> None:
        if not self._session.update({"model.layers": layers}, text, **merge):
            self._refused()  # put the controls back to the spec's values

    @Slot(int, int)
    def on_units_requested(self, index: int, units: int) -> None:
        """A layer's width spin box or its +/- buttons."""
        layers, blocks = self._layers()
        old = blocks[index].units
        if units == old:
            return
        if units == old + 1:
            text = translate("NetworkView", "Add neuron to layer {0}").format(index + 1)
        elif units == old - 1:
            text = translate("NetworkView", "Remove neuron from layer {0}").format(index + 1)
        else:
            text = self._units_text(index, units)
        self._edit(geo.with_units(layers, index, units), text)

    @Slot(int, str)
    def on_activation_requested(self, index: int, name: str) -> None:
        """A layer's activation combo."""
        self._edit(geo.with_activation(self._spec().model.layers, index, name),
                   translate("NetworkView", "Set layer {0} activation to {1}").format(
                       index + 1, name))

    @Slot(int, float)
    def on_dropout_requested(self, index: int, p: float) -> None:
        """A layer's dropout box (0 removes it)."""
        layers, blocks = self._layers()
        had = blocks[index].dropout is not None
        if p <= 0.0:
            if had:
                self._edit(geo.with_dropout(layers, index, None),
                           translate("NetworkView", "Remove dropout after layer {0}").format(
                               index + 1))
            return
        text = (translate("NetworkView", "Set dropout {0:g} after layer {1}") if had
                else translate("NetworkView", "Add dropout {0:g} after layer {1}"))
        # Spin-box steps fold into one undo entry (the session merges equal keys).
        self._edit(geo.with_dropout(layers, index, round(p, 4)), text.format(p, index + 1),
                   merge_key=f"network.dropout.{index}")

    @Slot(int, bool)
    def on_batchnorm_requested(self, index: int, on: bool) -> None:
        """A layer's batch norm box."""
        self._edit(geo.with_batchnorm(self._spec().model.layers, index, on),
                   (translate("NetworkView", "Add batch norm after layer {0}") if on
                    else translate("NetworkView", "Remove batch norm after layer {0}")
                    ).format(index + 1))

    @Slot(int)
    def on_remove_requested(self, index: int) -> None:
        """A layer's remove button."""
        self._edit(geo.with_layer_removed(self._spec().model.layers, index),
                   translate("NetworkView", "Remove layer {0}").format(index + 1))

    @Slot()
    def on_add_layer_clicked(self) -> None:
        """The bar's + button: a layer after the last."""
        layers, blocks = self._layers()
        self._edit(geo.with_layer_added(layers),
                   translate("NetworkView", "Add layer {0}").format(len(blocks) + 1))

    @Slot()
    def on_remove_layer_clicked(self) -> None:
        """The bar's - button: the last layer goes."""
        layers, blocks = self._layers()
        if blocks:
            self._edit(geo.with_layer_removed(layers),
                       translate("NetworkView", "Remove layer {0}").format(len(blocks)))

    @Slot(object)
    def on_output_activation_chosen(self, name: str | None) -> None:
        """The output column's activation box (None: derived from the loss)."""
        text = translate("NetworkView", "Set output activation to {0}").format(
            name or translate("NetworkView", "auto"))
        if not self._session.update({"model.output_activation": name}, text):
            self._refused()

    @Slot(str)
    def on_init_chosen(self, name: str) -> None:
        """The bar's weight initialiser combo."""
        if not self._session.update({"model.init": name},
                                    translate("NetworkView", "Set weight init to {0}").format(
                                        name)):
            self._refused()
