"""No English text reaches a widget without Qt's translation: an AST scan of playground/gui for
string literals (and f-strings) with words in the text argument of a widget call."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import playground.gui

GUI = Path(playground.gui.__file__).parent

# call name -> the positions of its text arguments (None: every positional argument)
TEXT_ARGS: dict[str, tuple[int, ...] | None] = {
    **dict.fromkeys(("setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle",
                     "setPlaceholderText", "setPrefix", "setSuffix", "setSpecialValueText",
                     "setTitle", "showMessage", "QLabel", "QPushButton", "QCheckBox",
                     "QRadioButton", "QGroupBox", "QMenu", "QDockWidget", "addMenu", "addItem",
                     "addItems", "setHeaderLabels", "setHorizontalHeaderLabels",
                     "setVerticalHeaderLabels", "section_title", "report_error",
                     "ValueSlider", "TextItem", "_report", "_add_text", "QToolBar"), (0,)),
    "QAction": (0, 1), "addAction": (0, 1), "addRow": (0,), "addTab": (1,), "insertTab": (2,),
    "setTabText": (1,), "setTabToolTip": (1,), "setItemText": (1,), "setLabel": (1,),
    "information": (1, 2), "warning": (1, 2), "critical": (1, 2), "question": (1, 2),
    "about": (1, 2), "getSaveFileName": (1, 3), "getOpenFileName": (1, 3),
    "getExistingDirectory": (1,), "update": (1,), "style_plot": (1, 2),
}
TEXT_KEYWORDS = {"text", "toolTip", "title", "name", "statusTip", "windowTitle"}
TRANSLATORS = {"tr", "translate", "core_text", "catalogue_text", "split_name", "_tr",
               "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
# Not sentences: font sizes and such passed where a text could go.
NOT_TEXT = re.compile(r"^\d+pt$")
_WORDS = re.compile(r"[A-Za-z]{3,}")


def _literal_words(node: ast.AST) -> str | None:
    """The English of a string literal or an f-string's literal parts (None if none)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = " ".join(v.value for v in node.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str))
    else:
        return None
    text = re.sub(r"<[^>]+>|&\w+;|#[0-9a-fA-F]{3,8}", " ", text)  # markup, entities, colours
    if NOT_TEXT.match(text.strip()) or not _WORDS.search(text):
        return None
    return text


def _texts_in(node: ast.AST):
    """Literal texts in an argument, not looking inside translator calls."""
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in TRANSLATORS:
            return
        if name == "format" and isinstance(func, ast.Attribute):  # "...".format(): the literal
            yield from _texts_in(func.value)
        return
    words = _literal_words(node)
    if words is not None:
        yield words
        return
    if isinstance(node, ast.IfExp):
        yield from _texts_in(node.body)
        yield from _texts_in(node.orelse)
    elif isinstance(node, ast.BinOp):
        yield from _texts_in(node.left)
        yield from _texts_in(node.right)
    elif isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            yield from _texts_in(element)


def untranslated(source: str) -> list[tuple[int, str, str]]:
    """(line, call, text) for every literal text given to a widget call without tr."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in TEXT_ARGS:
            continue
        positions = TEXT_ARGS[name]
        args = [a for i, a in enumerate(node.args) if positions is None or i in positions]
        args += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for arg in args:
            for text in _texts_in(arg):
                found.append((node.lineno, name, text.strip()[:60]))
    return found


def test_the_scan_finds_untranslated_texts():
    found = untranslated('label.setText("Hello world")\nQLabel(f"{n} epochs")\n'
                         'b.setToolTip(self.tr("fine"))\nplot.setLabel("left", "loss")\n'
                         'x.setText(f"{v:.3g}")\nQCheckBox(self.tr("a {0}").format(1))\n'
                         'session.update({}, "Add layer")\n')
    assert [(line, call) for line, call, _ in found] == [
        (1, "setText"), (2, "QLabel"), (4, "setLabel"), (7, "update")]


def test_every_gui_text_goes_through_tr():
    problems = [f"{path.relative_to(GUI.parent.parent)}:{line}: {call}({text!r})"
                for path in sorted(GUI.rglob("*.py")) if path.name != "core_strings.py"
                for line, call, text in untranslated(path.read_text(encoding="utf-8"))]
    assert not problems, ("wrap these in self.tr / QCoreApplication.translate:\n"
                          + "\n".join(problems))
