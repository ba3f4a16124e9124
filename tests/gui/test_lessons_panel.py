"""The Lessons dock driven like a user: open a lesson from the tree, read it, train, tick."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import SNAPSHOT_TIMEOUT_MS, wait_for_snapshot


def open_by_click(qtbot, window, lesson_id: str):
    """Click the lesson's row in the tree; returns the Lesson."""
    panel = window.lessons_panel
    window.lessons_dock.raise_()
    item = panel.item_for(lesson_id)
    assert item is not None
    panel.tree.scrollToItem(item)
    qtbot.waitUntil(lambda: panel.tree.visualItemRect(item).isValid())
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.tree.visualItemRect(item).center())
    return panel.course.find(lesson_id)


def test_the_tree_lists_every_chapter_and_lesson(window):
    panel = window.lessons_panel
    tree = panel.tree
    assert tree.topLevelItemCount() == len(panel.course.chapters)
    assert sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount())) \
        == len(panel.course.lessons())
    assert tree.topLevelItem(0).text(0) == "Linear regression and its concise implementation"


def test_clicking_a_lesson_loads_its_experiment_and_text_and_undo_returns(qtbot, window):
    session = window.session
    before = session.spec
    lesson = open_by_click(qtbot, window, "weight-decay-3")
    assert session.spec == lesson.spec
    assert session.spec.training.l2 == 3.0 and session.spec.data.dataset == "highdim-linear"
    text = window.lessons_panel.text.toPlainText()
    assert "Weight decay λ = 3" in text and "weight decay" in text and "What to try" in text
    assert "weight_norm ≈ 0.035 (± 0.01)" in window.lessons_panel.goal_label.text()
    assert window.charts.currentWidget() is window.loss_chart
    session.undo_stack.undo()
    assert session.spec == before


def test_a_lesson_about_gradients_shows_the_gradient_chart(qtbot, window):
    open_by_click(qtbot, window, "vanishing-gradients")
    assert window.charts.currentWidget() is window.gradient_chart


def test_the_goal_tick_appears_after_training(qtbot, window):
    session, panel = window.session, window.lessons_panel
    open_by_click(qtbot, window, "linear-synthetic")
    wait_for_snapshot(qtbot, session, lambda s: s.epoch == 0
                      and session.spec.data.dataset == "linear")
    assert not panel.goal_reached() and panel.tick.text() == ""
    session.play()
    qtbot.waitUntil(panel.goal_reached, timeout=SNAPSHOT_TIMEOUT_MS)
    session.pause()
    assert panel.tick.text() == "✓ Goal reached"
    assert panel.goal_label.text().count("✓") == 3  # w1, w2 and b each within 0.01


def test_a_goal_against_a_reference_run_waits_for_it_then_ticks(qtbot, window):
    session, panel = window.session, window.lessons_panel
    open_by_click(qtbot, window, "sine-degree-5")
    assert "measuring the reference run" in panel.goal_label.text() or panel.references_ready()
    qtbot.waitUntil(panel.references_ready, timeout=SNAPSHOT_TIMEOUT_MS)
    session.step_epoch()  # least squares: one epoch is the exact fit
    qtbot.waitUntil(panel.goal_reached, timeout=SNAPSHOT_TIMEOUT_MS)
    shown = panel.goal_label.text()
    assert "✓ test_r2 &gt; test_r2 of run &#x27;degree-1&#x27; — now 0.897" in shown
