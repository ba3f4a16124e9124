"""Views that draw snapshots: decision boundary, fitted curve, sample gallery, training charts.

Every view has ``set_data(prepared, spec)`` (new data or structure: create plot items) and
``show_snapshot(snap)`` (per frame: only setImage / setData on those items).
"""

from __future__ import annotations

from playground.core.data.raw import Prepared


def output_view_kind(prepared: Prepared) -> str:
    """Which view shows this data's output: ``"boundary"`` (2-D inputs: BoundaryView),
    ``"curve"`` (1-D regression: CurveView) or ``"gallery"`` (anything else: GalleryView)."""
    if prepared.n_inputs_raw == 2 and prepared.image_shape is None:
        return "boundary"
    if prepared.n_inputs_raw == 1 and prepared.task == "regression":
        return "curve"
    return "gallery"
