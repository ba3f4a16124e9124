"""The LESSONS panel: the course as a tree; a lesson's text, what to try and its goal, ticked live.

Opening a lesson applies its experiment to the session as one undoable edit (Ctrl+Z returns to
the experiment before). The goal is evaluated on every snapshot the session forwards; terms that
compare with a reference run wait until that run has been trained headless in a background
thread (a plain Python thread polled by a timer: it touches no Qt object).
"""

from __future__ import annotations

import html
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.core.course.goals import GoalResult, evaluate, runs_needed
from playground.core.course.lessons import Course, Lesson, LessonError, load_course
from playground.core.course.measures import snapshot_measures, split_targets
from playground.gui.style import section_title

_POLL_MS = 200  # how often a pending reference run is looked at
_LESSON_ROLE = Qt.ItemDataRole.UserRole


def course_language() -> str:
    """The lesson folder for the user's locale (zh_CN for Chinese; missing files fall back)."""
    name = QLocale().name()
    return "zh_CN" if name.startswith("zh") else "en"


class LessonsPanel(QWidget):
    """Tree of chapters and lessons above the open lesson's text and goal."""

    lesson_opened = Signal(object)  # the Lesson whose experiment was just applied

    def __init__(self, session: Any, parent: QWidget | None = None, course: Course | None = None):
        super().__init__(parent)
        self.session = session
        self.lesson: Lesson | None = None
        self._references: dict[str, dict[str, float]] = {}
        self._pending: dict[str, Future] = {}
        self._executor: ThreadPoolExecutor | None = None
        self._last_result: GoalResult | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(_POLL_MS)
        self._poll.timeout.connect(self._on_poll)
        self._build(course)
        session.snapshot_ready.connect(self._on_snapshot)

    # ------------------------------------------------------------------------------ build
    def _build(self, course: Course | None) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(section_title(self.tr("Lessons")))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.goal_label = QLabel()
        self.goal_label.setWordWrap(True)
        self.goal_label.setTextFormat(Qt.TextFormat.RichText)
        self.tick = QLabel()
        self.tick.setObjectName("lessonTick")
        self.tick.setStyleSheet("color: #2e7d32; font-weight: bold;")
        bottom = QWidget()
        column = QVBoxLayout(bottom)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.text, 1)
        column.addWidget(self.goal_label)
        column.addWidget(self.tick)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.setMinimumHeight(420)
        try:
            self.course = course or load_course(course_language())
        except LessonError as exc:
            self.course = Course("en", ())
            self.text.setPlainText(self.tr("The lessons could not be read: {0}").format(exc))
        self._fill_tree()

    def _fill_tree(self) -> None:
        for chapter in self.course.chapters:
            parent = QTreeWidgetItem(self.tree, [chapter.title])
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for lesson in chapter.lessons:
                item = QTreeWidgetItem(parent, [f"{lesson.title}  ({lesson.section})"])
                item.setData(0, _LESSON_ROLE, lesson.id)
                item.setToolTip(0, self.tr("{0} ({1})").format(lesson.title, lesson.id))
        self.tree.expandAll()

    def item_for(self, lesson_id: str) -> QTreeWidgetItem | None:
        """The tree item of a lesson (tests click it)."""
        for i in range(self.tree.topLevelItemCount()):
            chapter = self.tree.topLevelItem(i)
            for j in range(chapter.childCount()):
                if chapter.child(j).data(0, _LESSON_ROLE) == lesson_id:
                    return chapter.child(j)
        return None

    # ---------------------------------------------------------------------------- opening
    @Slot(QTreeWidgetItem, int)
    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        lesson_id = item.data(0, _LESSON_ROLE)
        if lesson_id is not None:
            self.open_lesson(self.course.find(lesson_id))

    def open_lesson(self, lesson: Lesson) -> None:
        """Apply the lesson's experiment (one undo step), show its text, start its references."""
        if not self.session.update(lesson.spec.flat(), self.tr("Open lesson {0}").format(
                lesson.title)):
            return
        self.lesson = lesson
        self._last_result = None
        self._references = {}
        self._start_references(lesson)
        self.text.setMarkdown(self._markdown(lesson))
        self._show_goal(evaluate(lesson.goal, {}, {}))
        self.lesson_opened.emit(lesson)

    def _markdown(self, lesson: Lesson) -> str:
        parts = [f"## {lesson.title}", self.tr("Section {0} of the notes").format(lesson.section),
                 lesson.body]
        if lesson.try_:
            parts.append("### " + self.tr("What to try"))
            parts.append("\n".join(f"- {line}" for line in lesson.try_))
        if lesson.pending:
            parts.append("*" + self.tr("Not yet in the app: {0}").format(lesson.pending) + "*")
        return "\n\n".join(parts)

    # ------------------------------------------------------------------- reference runs
    def _start_references(self, lesson: Lesson) -> None:
        from playground.core.course.check import train_and_measure

        self._pending = {}
        names = runs_needed(lesson.goal)
        if not names:
            self._poll.stop()
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lesson-ref")
        for name in names:
            self._pending[name] = self._executor.submit(
                train_and_measure, lesson.runs[name].spec, "cpu")
        self._poll.start()

    @Slot()
    def _on_poll(self) -> None:
        for name, future in list(self._pending.items()):
            if not future.done():
                continue
            del self._pending[name]
            try:
                self._references[name] = future.result()
            except Exception as exc:  # noqa: BLE001 - any failure is shown, never raised
                self.tick.setText(self.tr("The reference run {0} failed: {1}").format(name, exc))
        if not self._pending:
            self._poll.stop()
            if self.session.last_snapshot is not None:
                self._on_snapshot(self.session.last_snapshot)

    def references_ready(self) -> bool:
        """Whether every reference run of the open lesson has been measured."""
        return not self._pending

    def shutdown(self) -> None:
        """Stop polling and drop queued reference runs (a running one finishes on its own)."""
        self._poll.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    # ----------------------------------------------------------------------- live goal
    @Slot(object)
    def _on_snapshot(self, snap: Any) -> None:
        if self.lesson is None or self.session.prepared is None:
            return
        prepared = self.session.prepared
        loss = self.session.spec.training.loss or (
            "mse" if prepared.task == "regression" else None)
        measures = snapshot_measures(snap, split_targets(prepared), loss)
        result = evaluate(self.lesson.goal, measures, self._references)
        if result != self._last_result:
            self._show_goal(result)

    def _show_goal(self, result: GoalResult) -> None:
        self._last_result = result
        rows = []
        for item in result.terms:
            mark = "✓" if item.holds else "○"
            if item.bound is None:
                value = self.tr("measuring the reference run…")
            elif item.measured is None:
                value = self.tr("not measured yet")
            else:
                value = self.tr("now {0}").format(f"{item.measured:.4g}")
            rows.append(html.escape(f"{mark} {item.term.text()} — {value}"))
        self.goal_label.setText("<b>" + self.tr("Goal") + "</b><br>" + "<br>".join(rows))
        self.tick.setText(self.tr("✓ Goal reached") if result.holds else "")

    def goal_reached(self) -> bool:
        """Whether the open lesson's goal holds on the latest snapshot."""
        return self._last_result is not None and self._last_result.holds
