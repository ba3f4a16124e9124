"""The FEATURES panel: which input features the network sees, each a toggle with its map.

For the 2-D sets the toggles are TF Playground's x1, x2, x1^2, x2^2, x1*x2, sin and cos, each
showing the feature over the input plane on the orange/white/blue scale. The maps come from the
core's feature table (``playground.core.data.features``), computed once per dataset: a feature's map
does not change while training, and disabled features need one too (the snapshot's
GridMaps.features holds only the enabled ones). 1-D sets offer the powers x .. x^10; tables offer
their columns (up to MAX_COLUMN_TOGGLES).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QSignalBlocker, QSize, Qt, Slot
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from playground.core.data.features import feature_table
from playground.core.data.raw import Prepared, Ranges, plot_ranges
from playground.core.spec import Spec
from playground.gui.i18n import core_text
from playground.gui.style import section_title
from playground.gui.views.thumbnails import argb_table, to_indices

MAP_PX = 36  # side of a feature map thumbnail
MAP_RES = 36  # grid cells per side of a feature map
MAX_COLUMN_TOGGLES = 40  # wider tables (images) use all their columns, without toggles
_COLUMNS = 3  # toggles per row


class FeaturesPanel(QWidget):
    """Feature toggles; clicking one adds or removes it from data.features (undoable)."""

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._input_names: tuple[str, ...] = ()
        self._ranges: Ranges | None = None  # of the plane the feature maps show
        self._buttons: dict[str, QToolButton] = {}
        self._effective: tuple[str, ...] = ()
        self._grid = QGridLayout()
        self._grid.setSpacing(4)
        self._note = QLabel()
        self._note.setObjectName("hint")
        self._note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(section_title(self.tr("Features")))
        layout.addWidget(QLabel(self.tr("Which properties do you want to feed in?")))
        layout.addLayout(self._grid)
        layout.addWidget(self._note)
        layout.addStretch(1)
        session.data_changed.connect(self.set_data)
        session.spec_changed.connect(self._sync)

    def buttons(self) -> dict[str, QToolButton]:
        """Feature name -> its toggle (tests click them)."""
        return dict(self._buttons)

    @Slot(object)
    def set_data(self, prepared: Prepared) -> None:
        """Rebuild the toggles when the kind of inputs changes; refresh the checks always."""
        planar = prepared.input_names == ("x1", "x2")
        key = (prepared.input_names, plot_ranges(prepared) if planar else None)
        self._effective = tuple(prepared.feature_names)
        if key != (self._input_names, self._ranges):
            self._input_names, self._ranges = key
            self._rebuild(prepared)
        self._sync(self._session.spec)

    def _rebuild(self, prepared: Prepared) -> None:
        for button in self._buttons.values():
            self._grid.removeWidget(button)
            button.deleteLater()
        self._buttons = {}
        table = feature_table(prepared.input_names)
        if len(table) > MAX_COLUMN_TOGGLES:
            self._note.setText(
                self.tr("All %n input columns are used (image pixels).", "", len(table))
                if prepared.image_shape else
                self.tr("All %n input columns are used.", "", len(table)))
            return
        self._note.setText("" if prepared.n_inputs_raw == 2 else
                           self.tr("Click a feature to add it to the inputs or remove it."))
        maps = _feature_maps(table, self._ranges) if self._ranges is not None else {}
        for i, name in enumerate(table):
            button = QToolButton()
            button.setObjectName("featureToggle")
            button.setText(name)
            button.setCheckable(True)
            button.setToolTip(self.tr("{0}: {1}").format(
                name, core_text("features", table[name].description)))
            if name in maps:
                button.setIcon(QIcon(QPixmap.fromImage(maps[name])))
                button.setIconSize(QSize(MAP_PX, MAP_PX))
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.toggled.connect(self._on_toggled)
            self._grid.addWidget(button, i // _COLUMNS, i % _COLUMNS)
            self._buttons[name] = button

    @Slot(object)
    def _sync(self, spec: Spec) -> None:
        active = set(spec.data.features or self._effective)
        for name, button in self._buttons.items():
            with QSignalBlocker(button):
                button.setChecked(name in active)

    @Slot(bool)
    def _on_toggled(self, on: bool) -> None:
        name = self.sender().text()
        spec = self._session.spec
        current = list(spec.data.features or self._effective)
        if on and name not in current:
            current.append(name)
        elif not on and name in current:
            current.remove(name)
        order = list(self._buttons)  # keep the table's order, as TF Playground lists them
        chosen = [n for n in order if n in current] + [n for n in current if n not in order]
        if not chosen:
            self._session.report_error(self.tr("The network needs at least one input feature."))
            self._sync(spec)
            return
        text = self.tr("Add feature {0}") if on else self.tr("Remove feature {0}")
        self._session.update({"data.features": chosen}, text.format(name))


def _feature_maps(table: Any, ranges: Ranges) -> dict[str, QImage]:
    """One small RGB32 image per feature over the input plane (y up), scaled to max |value|."""
    (x_lo, x_hi), (y_lo, y_hi) = ranges
    gx, gy = np.meshgrid(np.linspace(x_lo, x_hi, MAP_RES),
                         np.linspace(y_lo, y_hi, MAP_RES)[::-1])  # row 0 is the top: largest x2
    raw = np.column_stack([gx.ravel(), gy.ravel()])
    argb = argb_table()
    images = {}
    for name, info in table.items():
        values = info.compute(raw).reshape(MAP_RES, MAP_RES)
        peak = float(np.abs(values).max()) or 1.0
        pixels = np.ascontiguousarray(argb[to_indices(values, peak)])
        image = QImage(pixels.data, MAP_RES, MAP_RES, MAP_RES * 4, QImage.Format.Format_RGB32)
        images[name] = image.scaled(MAP_PX, MAP_PX).copy()  # own the pixels
    return images
