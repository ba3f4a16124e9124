"""LiveText: per-frame text that repaints only, and grows instead of cutting lines off."""

from __future__ import annotations

from playground.gui.views.live_text import LiveText


def _shown(qtbot, width: int) -> tuple[LiveText, int]:
    """A shown two-line LiveText of this width, and its nominal height."""
    label = LiveText(lines=2)
    qtbot.addWidget(label)
    label.resize(width, label.height())
    label.show()
    return label, label.height()


def test_text_that_needs_more_lines_grows_the_box_and_short_text_gives_it_back(qtbot):
    label, nominal = _shown(qtbot, 140)
    line = label.fontMetrics().lineSpacing()
    label.set_html("epoch 12 · train 0.25")
    assert label.height() == nominal
    long = "accuracy: train 100.0%, validation 97.2%, test 96.9%, and a fifth line or two"
    label.set_html(long)
    assert label.height() >= nominal + line  # no line cut off
    assert label.height() >= label._doc.size().height()
    grown = label.height()
    label.set_html(long.replace("97.2", "97.5"))  # the next frame: same lines, no relayout
    assert label.height() == grown
    label.set_html("epoch 13 · train 0.24")
    assert label.height() == nominal


def test_a_wider_box_shrinks_back_when_the_text_fits_its_lines(qtbot):
    label, nominal = _shown(qtbot, 120)
    label.set_html("accuracy: train 100.0%, validation 97.2%, test 96.9%")
    assert label.height() > nominal
    label.resize(2000, label.height())
    assert label.height() == nominal
