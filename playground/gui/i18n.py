"""The interface's language: English (the source) or Simplified Chinese, from Qt's translations.

The language is the one saved in the settings (View > Language), else the one named on the
command line (``--lang zh_CN``), else the system locale's. ``install`` loads the compiled
catalogue ``assets/translations/playground_<lang>.qm`` (and Qt's own for its dialogs) and sets the
locale numbers are formatted in.
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


def number(value: float, precision: int = 3) -> str:
    """``value`` with ``precision`` significant digits in the interface's locale."""
    return QLocale().toString(float(value), "g", precision)


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
