"""Training > Cross-validation and search: k-fold CV of the current experiment, or an Optuna
search over fields of it, in the background; rows appear as trials finish; "Apply best" sets
the best configuration through the session as one undoable edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.core.search.cv import TASK_METRICS
from playground.core.spec import SpecError
from playground.gui.search.param_table import ParamTable, default_rows
from playground.gui.search.results_view import ResultsView
from playground.gui.search.runner import SearchRunner

SAMPLERS = ("grid", "random", "tpe")
SETTINGS_WIDTH = 380  # px: the settings column; the results take the rest


class SearchDialog(QDialog):
    """Cross-validation and hyperparameter search of the session's experiment."""

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Cross-validation and search"))
        self.result: Any = None  # the last SearchResult (partial after a cancel)
        self._cancelled = False  # the user asked the running job to stop
        self.runner = SearchRunner(self)
        self.runner.progress.connect(self._on_progress)
        self.runner.row_ready.connect(self._on_row)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        session.data_changed.connect(self._on_data_changed)
        self.params = ParamTable()
        self.params.set_rows(default_rows(session.spec))
        self.results = ResultsView()
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        settings = QWidget()
        settings.setFixedWidth(SETTINGS_WIDTH)
        left = QVBoxLayout(settings)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(self._build_form())
        left.addWidget(QLabel(self.tr("Fields to search over")))
        left.addWidget(self.params, 1)
        left.addLayout(self._build_buttons())
        left.addWidget(self.progress)
        left.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.addWidget(settings)
        layout.addWidget(self.results, 1)
        self.resize(1100, 640)
        self._set_busy(False)

    def _build_form(self) -> QFormLayout:
        spec = self.session.spec
        self.folds_spin = QSpinBox()
        self.folds_spin.setRange(2, 20)
        self.folds_spin.setValue(3)
        self.folds_spin.setToolTip(self.tr("k: the training rows are split into k folds; each "
                                           "model trains on k − 1 and is scored on the other"))
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 100_000)
        self.epochs_spin.setValue(max(1, spec.training.epochs))
        self.metric_box = QComboBox()
        self.metric_box.setToolTip(self.tr("The validation score: losses and errors are "
                                           "minimised, accuracies, F1 and R² maximised"))
        self._fill_metrics()
        self.sampler_box = QComboBox()
        for name, title in zip(SAMPLERS, (self.tr("Grid (every combination)"),
                                          self.tr("Random"), self.tr("TPE (Bayesian)")),
                               strict=True):
            self.sampler_box.addItem(title, name)
        self.trials_spin = QSpinBox()
        self.trials_spin.setRange(0, 10_000)
        self.trials_spin.setSpecialValueText(self.tr("whole grid, or 20"))
        self.prune_box = QCheckBox(self.tr("Stop hopeless trials early (median pruner)"))
        self.prune_box.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("Folds"), self.folds_spin)
        form.addRow(self.tr("Epochs per fold"), self.epochs_spin)
        form.addRow(self.tr("Score"), self.metric_box)
        form.addRow(self.tr("Sampler"), self.sampler_box)
        form.addRow(self.tr("Trials"), self.trials_spin)
        form.addRow("", self.prune_box)
        return form

    def _build_buttons(self) -> QHBoxLayout:
        self.cv_button = QPushButton(self.tr("Cross-validate"))
        self.cv_button.setToolTip(self.tr("k-fold cross-validation of the experiment as it is"))
        self.cv_button.clicked.connect(self.start_cv)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.start_search)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.apply_button = QPushButton(self.tr("Apply best"))
        self.apply_button.setToolTip(self.tr("Set the experiment to the best configuration "
                                             "(one undoable edit)"))
        self.apply_button.clicked.connect(self.apply_best)
        row = QHBoxLayout()
        for button in (self.cv_button, self.search_button, self.cancel_button,
                       self.apply_button):
            row.addWidget(button)
        return row

    # --------------------------------------------------------------------------- actions
    def _plan_for(self, items: list[str]) -> Any:
        from playground.core.search.params import parse_params
        from playground.core.search.study import SearchPlan

        spec = self.session.spec.replace({"training.epochs": self.epochs_spin.value()})
        params = parse_params(items, spec) if items else ()
        return SearchPlan(spec, params, folds=self.folds_spin.value(),
                          metric=self.metric_box.currentText(),
                          sampler=self.sampler_box.currentData() if items else "grid",
                          trials=self.trials_spin.value() or None,
                          prune=self.prune_box.isChecked())

    @Slot()
    def start_cv(self) -> None:
        """Cross-validate the current experiment."""
        self._start([], cv_only=True)

    @Slot()
    def start_search(self) -> None:
        """Search over the fields in the table."""
        items = self.params.items()
        if not items:
            self._show_error(self.tr("Add a field and its values to search over."))
            return
        self._start(items, cv_only=False)

    def _start(self, items: list[str], cv_only: bool) -> None:
        try:
            plan = self._plan_for(items)
        except (SpecError, ValueError) as exc:
            self._show_error(str(exc))
            return
        self.result, self._cancelled = None, False
        self.results.set_columns([p.key for p in plan.params], plan.folds, plan.metric)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Cross-validating…") if cv_only else
                            self.tr("Searching: {0} trials…").format(plan.budget))
        self.runner.submit(plan, cv_only=cv_only)
        self._set_busy(True)

    @Slot()
    def cancel(self) -> None:
        """Stop after the epoch in progress; the finished trials stay in the table."""
        if self.runner.busy:
            self._cancelled = True
            self.runner.cancel()
            self.status.setText(self.tr("Cancelling after the current epoch…"))

    @Slot()
    def apply_best(self) -> None:
        """Set the best configuration's fields in the experiment (one undo step)."""
        best = self.result.best if self.result is not None else None
        if best is None or not best.params:
            return
        self.session.update(dict(best.params), self.tr("Apply the best search result"))
        self.status.setText(self.tr("Applied trial {0}.").format(best.number))

    def _show_error(self, message: str) -> None:
        self.status.setStyleSheet("color: #c0392b")
        self.status.setText(message)

    def _set_busy(self, busy: bool) -> None:
        self.cv_button.setEnabled(not busy)
        self.search_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        best = self.result.best if self.result is not None else None
        self.apply_button.setEnabled(not busy and best is not None and bool(best.params))

    def _fill_metrics(self) -> None:
        prepared = self.session.prepared
        task = prepared.task if prepared is not None else "regression"
        current = self.metric_box.currentText()
        self.metric_box.clear()
        self.metric_box.addItems(list(TASK_METRICS[task]))
        self.metric_box.setCurrentText(current if current in TASK_METRICS[task] else "loss")

    @Slot(object)
    def _on_data_changed(self, _prepared: object) -> None:
        self._fill_metrics()  # another task has other scores

    # ----------------------------------------------------------------------- runner slots
    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    @Slot(object)
    def _on_row(self, row: Any) -> None:
        self.results.add_row(row)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self.result = result
        best = result.best
        cancelled = self._cancelled
        if best is None:
            text = self.tr("No configuration finished.")
        else:
            text = self.tr("Best: trial {0}, mean {1} ± {2}").format(
                best.number, f"{best.mean:.5g}", f"{best.std:.3g}")
        self.status.setText((self.tr("Cancelled. ") if cancelled else "") + text)
        self._set_busy(False)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._show_error(message)
        self._set_busy(False)

    def shutdown(self) -> None:
        """Stop the search thread (the window is closing; closing the dialog only hides it,
        and a running search goes on)."""
        self.runner.shutdown()

