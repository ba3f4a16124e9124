"""The interface in Simplified Chinese: the catalogue is current and complete, the window shows no
English words in Chinese (beyond names that are the same in both), layout holds, the language is
chosen and remembered."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QSpinBox,
    QTabBar,
    QTableWidget,
    QWidget,
)

from playground.core import catalogue
from playground.core.data.datasets import DATASETS
from playground.core.files.presets import default_spec, preset_names
from playground.core.search.cv import TASK_METRICS
from playground.gui import i18n
from playground.gui.i18n_catalogue import OUTPUT, entries, render, tool
from tests.gui.conftest import wait_for_snapshot

TS = i18n.TRANSLATIONS_DIR / "playground_zh_CN.ts"

# Words that are the same in English and Chinese interfaces: names of things (activations,
# optimizers, metrics, formats, libraries), symbols of formulas and spec identifiers.
SAME_IN_BOTH = {
    # activations, initialisers, losses, optimizers, schedules as the spec names them
    "relu", "leaky", "leaky_relu", "prelu", "elu", "gelu", "silu", "swish", "sigmoid", "tanh",
    "softplus", "sine", "linear", "softmax", "xavier", "xavier_uniform", "xavier_normal",
    "kaiming_uniform", "kaiming_normal", "uniform", "normal", "constant", "default", "tfp",
    "mse", "half_mse", "mae", "huber", "bce", "cross_entropy", "multilabel", "sgd", "adagrad",
    "rmsprop", "adadelta", "adam", "adamw", "nadam", "radam", "lbfgs", "bfgs", "nesterov",
    "rmse", "mape", "auc", "roc", "fpr", "tpr", "top", "jaccard", "lasso", "glorot", "kaiming",
    "rosenbrock", "himmelblau", "beale", "siren", "logits", "logistic", "betas", "alpha", "rho",
    "epsilon", "eps", "gamma", "eta_min", "t_max", "step_size", "patience",
    # formats, libraries, devices, products
    "csv", "tsv", "txt", "png", "json", "toml", "idx", "mnist", "onnx", "npz", "safetensors",
    "torch", "optim", "scikit", "learn", "cpu", "cuda", "mps", "tpe", "pca", "playground",
    "tensorflow", "d2l", "var", "std", "grad", "esc", "ctrl", "shift", "space", "enter",
    # spec fields and formula symbols
    "model", "init", "output_activation", "training", "epochs", "data", "path", "target",
    "sin", "cos", "exp", "log", "sqrt", "abs", "min", "max", "else", "seed",
    # torch.optim keyword names in the lab's hyperparameter editor
    "momentum", "dampening", "maximize", "foreach", "amsgrad", "centered", "differentiable",
    "English",  # View > Language names each language in its own words
}
# Identifiers a user types or reads in files (datasets, presets, metrics, spec fields): a text
# that is exactly one of them is a name, not an English sentence; their parts are names too.
IDENTIFIERS = set(DATASETS) | set(preset_names()) | set(catalogue.ACTIVATIONS) | {
    metric for metrics in TASK_METRICS.values() for metric in metrics}
NAME_PARTS = {part for name in IDENTIFIERS for part in re.split(r"[-_]", name)}
_WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str) -> list[str]:
    """Words of three or more Latin letters in ``text`` (HTML tags and entities, `code`, dotted
    and snake_case names removed) that are not names the same in both languages."""
    if text.strip() in IDENTIFIERS:
        return []
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"&\w+;", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\b\w+\.\w+(\.\w+)*\b|\b\w*_\w*\b", " ", text)  # model.init, weight_decay
    return [w for w in _WORD.findall(text)
            if w.lower() not in SAME_IN_BOTH and w not in SAME_IN_BOTH and w not in NAME_PARTS]


# ---------------------------------------------------------------------------- the catalogue
def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {(ctx.findtext("name"), m.findtext("source")): m
            for ctx in root.iter("context") for m in ctx.iter("message")}


def test_core_strings_are_current():
    from playground.gui.core_strings import STRINGS

    assert OUTPUT.read_text(encoding="utf-8") == render(), (
        "run: python -m playground.gui.i18n_catalogue")
    assert list(STRINGS) == [text for _, text in entries()]  # QT_TRANSLATE_NOOP: the text


def test_ts_holds_every_message_of_the_sources(tmp_path):
    """lupdate over the sources finds exactly the messages of the committed .ts."""
    scratch = tmp_path / "scratch.ts"
    shutil.copy(TS, scratch)
    sources = sorted(str(p) for p in Path(i18n.__file__).parent.rglob("*.py"))
    subprocess.run([tool("lupdate"), *sources, "-no-obsolete", "-locations", "none",
                    "-ts", str(scratch)], check=True, capture_output=True)
    assert set(_messages(scratch)) == set(_messages(TS)), (
        "run: python -m playground.gui.i18n_catalogue (and translate the new messages)")


@pytest.mark.parametrize("code", ["zh_CN", "en"])
def test_committed_qm_is_compiled_from_the_ts(tmp_path, code):
    ts = i18n.TRANSLATIONS_DIR / f"playground_{code}.ts"
    fresh = tmp_path / "fresh.qm"
    subprocess.run([tool("lrelease"), str(ts), "-qm", str(fresh)], check=True,
                   capture_output=True)
    assert fresh.read_bytes() == i18n.qm_path(code).read_bytes(), (
        "run: python -m playground.gui.i18n_catalogue")


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{\d+[^}]*\}|%n|</?\w+|\t|\n", text))


def test_every_message_is_translated_with_the_same_placeholders():
    problems = []
    for (context, source), message in _messages(TS).items():
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            problems.append(f"{context}: {source!r} is not translated")
            continue
        for form in forms:
            if _placeholders(form) != _placeholders(source):
                problems.append(f"{context}: {source!r} -> {form!r}: placeholders differ")
            if "&" in source and re.search(r"&\w", source) and not re.search(r"&\w", form):
                problems.append(f"{context}: {source!r} -> {form!r}: lost its accelerator")
    assert not problems, "\n".join(problems)


def test_course_terms_are_used():
    translated = {source: m.find("translation").text for (_, source), m in _messages(TS).items()}
    for source, term in (("Learning rate", "学习率"), ("Loss", "损失函数"),
                         ("Regularization", "正则化"), ("Weight decay", "权重衰减"),
                         ("gradient descent", "梯度下降"), ("Backprop", "反向传播"),
                         ("Activation", "激活函数"), ("Precision", "精确率"),
                         ("Recall", "召回率"), ("no dropout", "丢弃")):
        assert term in translated[source], source


# --------------------------------------------------------------------- the window in Chinese
@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    assert i18n.install("zh_CN")
    yield
    assert i18n.install(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def chinese_window(chinese, qtbot, settings) -> Iterator[QWidget]:
    from playground.gui.main_window import MainWindow

    win = MainWindow(default_spec(), settings=settings)
    win.resize(1366, 768)
    win.show()
    win.start()
    wait_for_snapshot(qtbot, win.session)
    yield win
    for widget in QApplication.topLevelWidgets():
        if widget is not win and widget.isVisible():
            widget.close()
    win.session.undo_stack.setClean()
    win.close()
    win.session.shutdown()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can see or hover on ``widget``."""
    name = f"{type(widget).__name__} {widget.objectName()}".strip()
    if widget.toolTip():
        yield f"{name} tooltip", widget.toolTip()
    if widget.isWindow() and widget.windowTitle():
        yield f"{name} title", widget.windowTitle()
    if isinstance(widget, QLabel | QAbstractButton):
        yield name, widget.text()
    if isinstance(widget, QLineEdit):
        yield f"{name} placeholder", widget.placeholderText()
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        yield f"{name} affixes", f"{widget.prefix()} {widget.suffix()} {widget.specialValueText()}"
    if isinstance(widget, QGroupBox | QDockWidget):
        yield name, widget.title() if isinstance(widget, QGroupBox) else widget.windowTitle()
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"{name} tab", widget.tabText(i)
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"{name} item", widget.itemText(i)
    if isinstance(widget, QListWidget):
        for i in range(widget.count()):
            yield f"{name} item", widget.item(i).text()
            yield f"{name} item tooltip", widget.item(i).toolTip()
    if isinstance(widget, QTableWidget):
        for i in range(widget.columnCount()):
            item = widget.horizontalHeaderItem(i)
            if item is not None:
                yield f"{name} header", item.text()
    if isinstance(widget, QMenu):
        for action in widget.actions():
            yield f"{name} action", action.text()
            yield f"{name} action tooltip", action.toolTip()


def _english_in_window() -> list[str]:
    found = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for widget in [top, *top.findChildren(QWidget)]:
            for where, text in _texts(widget):
                if english_words(text):
                    found.append(f"{where}: {text!r} ({', '.join(english_words(text))})")
    return sorted(set(found))


def test_no_english_text_in_the_chinese_window(chinese_window, qtbot):
    win = chinese_window
    for menu in win.menuBar().findChildren(QMenu):
        menu.aboutToShow.emit()  # fills Open recent / Open preset
    pages = win.pages
    found = []
    for index in range(pages.count()):  # each page builds its widgets when first shown
        pages.setCurrentIndex(index)
        qtbot.wait(50)
        found += _english_in_window()
    pages.setCurrentIndex(0)
    win.open_search()
    win.show_activation_explorer()
    qtbot.wait(50)
    found += _english_in_window()
    assert not sorted(set(found)), "\n".join(sorted(set(found)))


def test_labels_are_not_truncated_at_1366x768_in_chinese(chinese_window, qtbot):
    qtbot.wait(100)
    cut = []
    for label in chinese_window.findChildren(QLabel):
        if (not label.isVisible() or label.wordWrap() or not label.text()
                or label.textFormat() == label.textFormat().RichText):
            continue
        if label.sizeHint().width() > label.width() + 1:
            cut.append(f"{label.text()!r}: needs {label.sizeHint().width()} px, "
                       f"has {label.width()}")
    assert not cut, "\n".join(cut)


def test_the_lessons_open_in_chinese(chinese_window):
    panel = chinese_window.lessons_panel
    assert panel.course.language == "zh_CN"
    chapter = panel.tree.topLevelItem(0)
    assert re.search(r"[\u4e00-\u9fff]", chapter.text(0)), chapter.text(0)
    lesson = panel.course.lessons()[0]
    panel.open_lesson(lesson)
    shown = panel.text.toPlainText()
    assert lesson.title in shown and "试一试" in shown and "真实参数" in shown
    assert "目标" in panel.goal_label.text()


# --------------------------------------------------------------------------- the language
def test_view_language_saves_the_choice_and_asks_to_restart(window, settings, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *rest: shown.append(text))
    actions = window.menus.language_actions
    assert actions["en"].isChecked() and not actions["zh_CN"].isChecked()
    actions["zh_CN"].trigger()
    assert i18n.saved_language(settings) == "zh_CN"
    assert len(shown) == 1 and "简体中文" in shown[0] and "restart" in shown[0].lower()
    actions["zh_CN"].trigger()  # the same choice again: nothing more to say
    assert len(shown) == 1


def test_language_precedence(monkeypatch, settings):
    monkeypatch.delenv(i18n.ENV_VARIABLE, raising=False)
    monkeypatch.setattr(i18n, "saved_language", lambda settings=None: None)
    monkeypatch.setattr(i18n, "system_language", lambda: "zh_CN")
    assert i18n.chosen_language(None) == "zh_CN"  # the system's
    assert i18n.chosen_language("en") == "en"  # --lang wins
    monkeypatch.setattr(i18n, "saved_language", lambda settings=None: "en")
    assert i18n.chosen_language(None) == "en"  # a saved choice beats the system
    assert i18n.chosen_language("zh-CN") == "zh_CN"
    for code, known in (("zh_CN.UTF-8", "zh_CN"), ("zh", "zh_CN"), ("en_US", "en"),
                        ("C", "en"), ("fr_FR", None), (None, None)):
        assert i18n.normalize(code) == known


def test_lang_argument_is_taken_out_of_the_window_arguments():
    from playground.gui.app import take_language

    assert take_language(["--lang", "zh_CN", "exp.json"]) == ("zh_CN", ["exp.json"])
    assert take_language(["--lang=en"]) == ("en", [])
    assert take_language(["exp.json"]) == (None, ["exp.json"])


def test_missing_cjk_font_is_said_once_in_the_status_bar(window, monkeypatch):
    from playground.gui.app import warn_missing_font

    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    assert warn_missing_font(window, "zh_CN")
    assert window.statusBar().currentMessage() == i18n.NO_CJK_FONT
    assert not warn_missing_font(window, "en")
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: True)
    assert not warn_missing_font(window, "zh_CN")


def test_plural_forms_follow_the_number(chinese):
    text = QCoreApplication.translate("DataPanel", "Erase %n point(s)", None, 3)
    assert text == "擦除 3 个点"
    assert i18n.install("en")
    assert QCoreApplication.translate("DataPanel", "Erase %n point(s)", None, 1) == \
        "Erase 1 point"
    assert QCoreApplication.translate("DataPanel", "Erase %n point(s)", None, 2) == \
        "Erase 2 points"


def test_core_sentences_are_translated_at_the_gui_edge(chinese):
    from playground.core.model.head import follow_loss, loss_problem, output_problem

    problem = loss_problem("bce", "classification", 3)[0]
    assert i18n.core_message(problem) == "二元交叉熵需要两个类别；这份数据有 3 个"
    assert i18n.core_message(output_problem("tanh", "bce")) == (
        "二元交叉熵会对输出自行做 sigmoid/softmax，所以输出层必须是线性（自动），不能是 tanh")
    _, note = follow_loss(default_spec(), "cross_entropy", "classification", 2)
    assert "交叉熵（softmax）" in i18n.core_message(note) and not english_words(
        i18n.core_message(note).replace("sigmoid", "").replace("softmax", ""))
    assert i18n.core_message("something new") == "something new"  # unknown: as it is
    assert i18n.install("en")
    assert i18n.core_message(problem) == problem


def test_qt_own_dialog_buttons_are_translated_too(chinese):
    box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Save
                      | QMessageBox.StandardButton.Cancel)
    texts = {box.button(b).text() for b in (QMessageBox.StandardButton.Save,
                                            QMessageBox.StandardButton.Cancel)}
    assert not any(english_words(t) for t in texts), texts
    box.deleteLater()
