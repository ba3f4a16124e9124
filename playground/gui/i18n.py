"""The interface's language: English (the source) or Simplified Chinese, from Qt's translations.

The language is the one named on the command line (``--lang zh_CN``), else $PLAYGROUND_LANG,
else the one saved by View > Language, else the system locale's. ``install`` loads the compiled
catalogue ``assets/translations/playground_<lang>.qm`` (and Qt's own for its dialogs) and sets the
default QLocale (number formatting; zh_CN writes numbers as en does).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QFontDatabase

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "assets" / "translations"
SOURCE_LANGUAGE = "en"
# Language code -> its own name (what View > Language shows, untranslated on purpose).
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
SETTINGS_KEY = "language"
ENV_VARIABLE = "PLAYGROUND_LANG"


def normalize(code: str | None) -> str | None:
    """A known language code for ``code`` (zh, zh-CN, zh_CN.UTF-8 -> zh_CN; en_US -> en),
    or None."""
    if not code:
        return None
    code = code.split(".")[0].replace("-", "_")
    if code in LANGUAGES:
        return code
    if code.lower().startswith("zh"):
        return "zh_CN"
    if code.lower().startswith("en") or code in ("C", "POSIX"):
        return SOURCE_LANGUAGE
    return None


def system_language() -> str:
    """The system locale's language if it has a translation, else English."""
    return normalize(QLocale.system().name()) or SOURCE_LANGUAGE


def saved_language(settings: QSettings | None = None) -> str | None:
    """The language chosen in View > Language (None: never chosen)."""
    value = (settings or QSettings()).value(SETTINGS_KEY)
    return normalize(str(value)) if value else None


def save_language(code: str, settings: QSettings | None = None) -> None:
    """Remember ``code`` for the next start."""
    (settings or QSettings()).setValue(SETTINGS_KEY, code)


def chosen_language(requested: str | None = None) -> str:
    """The language to start in: ``requested`` (``--lang``), else $PLAYGROUND_LANG, else the
    saved choice, else the system's."""
    return (normalize(requested) or normalize(os.environ.get(ENV_VARIABLE)) or saved_language()
            or system_language())


def qm_path(code: str) -> Path:
    """The compiled catalogue of ``code``."""
    return TRANSLATIONS_DIR / f"playground_{code}.qm"


_installed: list[QTranslator] = []  # kept alive: Qt does not own installed translators
_current = [SOURCE_LANGUAGE]


def current() -> str:
    """The language the interface is in now."""
    return _current[0]


def install(code: str) -> bool:
    """Translate the interface into ``code`` from now on (replacing an earlier language; the
    English catalogue holds only plural forms). Returns False when the catalogue cannot be
    loaded: the interface is then English."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ours = QTranslator(app)
    if not ours.load(str(qm_path(code))):
        if code == SOURCE_LANGUAGE:
            return False
        install(SOURCE_LANGUAGE)
        return False
    QLocale.setDefault(QLocale(code))
    _current[0] = code
    qt_own = QTranslator(app)  # the standard buttons of message boxes and file dialogs
    if code != SOURCE_LANGUAGE and qt_own.load(
            f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    return True


def has_cjk_font() -> bool:
    """Whether a font that draws Simplified Chinese is installed (else Chinese shows as boxes)."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


# Said in English on purpose: without a CJK font, Chinese words would draw as boxes.
NO_CJK_FONT = ("No Chinese font is installed, so Chinese text may show as boxes; install one "
               "(e.g. fonts-noto-cjk) or choose View > Language > English.")


def core_text(context: str, text: str) -> str:
    """A word of the Qt-free core (a catalogue title, a dataset's description, a metric's
    name) in the interface's language; ``core_strings.py`` lists them for lupdate."""
    return QCoreApplication.translate(context, text)


# The data splits under their interface names (charts, metrics, legends).
_SPLIT_NAMES = {"train": QT_TRANSLATE_NOOP("splits", "train"),
                "validation": QT_TRANSLATE_NOOP("splits", "validation"),
                "test": QT_TRANSLATE_NOOP("splits", "test")}


def split_name(split: str) -> str:
    """``train``, ``validation`` or ``test`` in the interface's language."""
    return QCoreApplication.translate("splits", _SPLIT_NAMES.get(split, split))


# The core's sentences (Qt-free, English for the CLI) that reach the window, as patterns: the
# groups become the placeholders of a translated template (loss titles translated too).
_CORE_MESSAGES = (
    (r"(.+) needs class labels; this data has numeric targets",
     QT_TRANSLATE_NOOP("core", "{0} needs class labels; this data has numeric targets")),
    (r"(.+) expects one class per row; this data has several labels per row",
     QT_TRANSLATE_NOOP("core", "{0} expects one class per row; this data has several labels "
                               "per row")),
    (r"multi-label cross-entropy needs several 0/1 labels per row; this data has one class per "
     r"row", QT_TRANSLATE_NOOP("core", "multi-label cross-entropy needs several 0/1 labels per "
                                       "row; this data has one class per row")),
    (r"binary cross-entropy needs two classes; this data has (\d+)",
     QT_TRANSLATE_NOOP("core", "binary cross-entropy needs two classes; this data has {0}")),
    (r"(.+) applies its own sigmoid/softmax to the output, so the output layer must be linear "
     r"\(auto\), not (\S+)",
     QT_TRANSLATE_NOOP("core", "{0} applies its own sigmoid/softmax to the output, so the output "
                               "layer must be linear (auto), not {1}")),
    (r"output activation (\S+) -> auto \(linear\) and targets 0/1 instead of -1/\+1, since (.+) "
     r"applies its own sigmoid/softmax",
     QT_TRANSLATE_NOOP("core", "output activation {0} -> auto (linear) and targets 0/1 instead "
                               "of -1/+1, since {1} applies its own sigmoid/softmax")),
    (r"output activation (\S+) -> auto \(linear\), since (.+) applies its own sigmoid/softmax",
     QT_TRANSLATE_NOOP("core", "output activation {0} -> auto (linear), since {1} applies its "
                               "own sigmoid/softmax")),
    (r"(.+) cannot train (\S+) data; use one of (.+)",
     QT_TRANSLATE_NOOP("core", "{0} cannot train {1} data; use one of {2}")),
    (r"diverged at epoch (\d+) \(loss is NaN or infinite\); weights from epoch (\d+) kept\. "
     r"Lower the learning rate and reset\.",
     QT_TRANSLATE_NOOP("core", "diverged at epoch {0} (loss is NaN or infinite); weights from "
                               "epoch {1} kept. Lower the learning rate and reset.")),
    (r"early stopping: no improvement for (\d+) epochs; weights of epoch (\d+) restored",
     QT_TRANSLATE_NOOP("core", "early stopping: no improvement for {0} epochs; weights of epoch "
                               "{1} restored")),
    (r"early stopping: no improvement for (\d+) epochs",
     QT_TRANSLATE_NOOP("core", "early stopping: no improvement for {0} epochs")),
)


def core_message(text: str) -> str:
    """A sentence of the core in the interface's language (unchanged when no pattern knows it,
    or in English)."""
    import re

    for pattern, template in _CORE_MESSAGES:
        match = re.fullmatch(pattern, text)
        if match:
            groups = [QCoreApplication.translate("catalogue", g) for g in match.groups()]
            return QCoreApplication.translate("core", template).format(*groups)
    return text
