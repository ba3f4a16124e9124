"""The course as lesson files: ``assets/lessons/<language>/NN-name.md``.

Each file is a TOML front matter block between ``+++`` lines, then the explanation in Markdown:

    +++
    id = "sine-degree-10"            # what `playground lesson NAME` takes
    title = "Degree 10: a perfect fit that fails"
    chapter = "polynomial"            # a chapter id of course.toml (the tree's branch)
    section = "3.10.1"                # section of the course notes
    preset = "course-poly-good"       # optional: start from a bundled preset
    views = ["curve", "loss"]         # what matters: boundary, curve, gallery, loss, gradients
    try = ["Lower the degree to 5 and compare the test R^2."]
    pending = ""                      # what of the lesson waits for code not written yet
    [experiment]                      # the spec (nested, as experiment files), over the preset
    data = {dataset = "sine"}
    [runs.degree-5]                   # reference runs: dotted changes to the experiment
    label = "degree 5"
    set = {"data.features" = ["x", "x^2", "x^3", "x^4", "x^5"]}
    [[goal]]                          # every term must hold (see goals.py)
    metric = "train_r2"
    op = "~="
    value = 0.996
    tolerance = 0.005
    +++
    Markdown text ...

English (``en``) files hold everything. A file of the same name under another language's folder
(``zh_CN``) replaces only the words: ``title``, ``try`` and the text; a lesson without one shows
the English. ``course.toml`` in each language folder names the chapters in order.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playground.core.course.goals import GoalError, Term, parse_goal, runs_needed
from playground.core.spec import Spec, SpecError

LESSONS_DIR = Path(__file__).resolve().parents[3] / "assets" / "lessons"
SOURCE_LANGUAGE = "en"
VIEWS = ("boundary", "curve", "gallery", "loss", "gradients", "network")
_KEYS = {"id", "title", "chapter", "section", "preset", "views", "try", "pending",
         "experiment", "runs", "goal"}
_TEXT_KEYS = {"id", "title", "try"}  # what a translation may carry


class LessonError(ValueError):
    """A lesson file that cannot be read: the message names the file and the problem."""


@dataclass(frozen=True)
class Run:
    """A reference run: the lesson's experiment with some fields changed."""

    name: str
    label: str
    spec: Spec


@dataclass(frozen=True)
class Lesson:
    """One lesson: its experiment, what to look at, the goal and the text."""

    id: str
    title: str
    chapter: str
    section: str
    spec: Spec
    views: tuple[str, ...]
    goal: tuple[Term, ...]
    runs: Mapping[str, Run]
    try_: tuple[str, ...]
    body: str  # Markdown
    pending: str = ""
    path: Path | None = None

    @property
    def epochs(self) -> int:
        return self.spec.training.epochs


@dataclass(frozen=True)
class Chapter:
    """A branch of the course tree."""

    id: str
    title: str
    lessons: tuple[Lesson, ...] = field(default=())


@dataclass(frozen=True)
class Course:
    """Chapters in order, each with its lessons in file-name order."""

    language: str
    chapters: tuple[Chapter, ...]

    def lessons(self) -> list[Lesson]:
        return [lesson for chapter in self.chapters for lesson in chapter.lessons]

    def find(self, name: str) -> Lesson:
        """A lesson by id or file stem (``03-house-price`` or ``house-price``). Raises
        LessonError naming the known ids."""
        for lesson in self.lessons():
            if name in (lesson.id, lesson.path.stem if lesson.path else None):
                return lesson
        known = ", ".join(lesson.id for lesson in self.lessons())
        raise LessonError(f"lesson: {name!r} is not a lesson; expected one of: {known}")


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    """(front matter table, Markdown body) of a lesson file's text."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "+++":
        raise LessonError(f"{where}: a lesson starts with a +++ line (TOML front matter)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        raise LessonError(f"{where}: the front matter has no closing +++ line") from None
    try:
        table = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(f"{where}: front matter is not valid TOML: {exc}") from None
    return table, "\n".join(lines[end + 1:]).strip() + "\n"


def parse_lesson(text: str, where: str = "lesson", path: Path | None = None) -> Lesson:
    """A Lesson from the text of an English lesson file. Raises LessonError."""
    table, body = split_front_matter(text, where)
    unknown = set(table) - _KEYS
    if unknown:
        raise LessonError(f"{where}: unknown front matter key {sorted(unknown)[0]!r}")
    for key in ("id", "title", "chapter"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise LessonError(f"{where}: {key} must be a non-empty string")
    views = _strings(table.get("views", []), f"{where}: views")
    bad = [v for v in views if v not in VIEWS]
    if bad:
        raise LessonError(f"{where}: view {bad[0]!r} is not one of {', '.join(VIEWS)}")
    spec = _spec(table, where)
    runs = {}
    for name, run in _table(table.get("runs", {}), f"{where}: runs").items():
        run = _table(run, f"{where}: runs.{name}")
        changes = _table(run.get("set", {}), f"{where}: runs.{name}.set")
        try:
            runs[name] = Run(name, str(run.get("label", name)), spec.replace(changes))
        except SpecError as exc:
            raise LessonError(f"{where}: runs.{name}: {exc}") from None
    try:
        goal = parse_goal(table.get("goal"), f"{where}: goal")
    except GoalError as exc:
        raise LessonError(str(exc)) from None
    missing = [r for r in runs_needed(goal) if r not in runs]
    if missing:
        raise LessonError(f"{where}: the goal compares with run {missing[0]!r}, which "
                          f"[runs] does not define")
    return Lesson(id=table["id"], title=table["title"], chapter=table["chapter"],
                  section=str(table.get("section", "")), spec=spec, views=tuple(views),
                  goal=goal, runs=runs, try_=tuple(_strings(table.get("try", []),
                                                            f"{where}: try")),
                  body=body, pending=str(table.get("pending", "")), path=path)


def _spec(table: Mapping[str, Any], where: str) -> Spec:
    from playground.core.files.presets import load_preset

    try:
        base = load_preset(table["preset"]).to_dict() if "preset" in table else {}
        merged = _merge(base, _table(table.get("experiment", {}), f"{where}: experiment"))
        return Spec.from_dict(merged)
    except (SpecError, OSError) as exc:
        raise LessonError(f"{where}: experiment: {exc}") from None


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(dict(out[key]), value)
        else:
            out[key] = value
    return out


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise LessonError(f"{where} must be a table")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LessonError(f"{where} must be a list of strings")
    return value


def _chapters(folder: Path) -> list[tuple[str, str]]:
    path = folder / "course.toml"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LessonError(f"{path}: {exc}") from None
    return [(str(c["id"]), str(c["title"])) for c in table.get("chapter", [])]


def _translate(lesson: Lesson, path: Path) -> Lesson:
    """The lesson with the title, what-to-try list and text of a translated file."""
    table, body = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    extra = set(table) - _TEXT_KEYS
    if extra:
        raise LessonError(f"{path}: a translation carries only title, try and the text, "
                          f"not {sorted(extra)[0]!r}")
    tries = tuple(_strings(table.get("try", list(lesson.try_)), f"{path}: try"))
    return Lesson(**{**lesson.__dict__, "title": str(table.get("title", lesson.title)),
                     "try_": tries, "body": body})


def load_course(language: str = SOURCE_LANGUAGE, folder: Path = LESSONS_DIR) -> Course:
    """Every lesson, grouped by the chapters of course.toml (translated where a file exists).
    Raises LessonError for a broken lesson file or a lesson in an unknown chapter."""
    source = folder / SOURCE_LANGUAGE
    target = folder / language
    chapters = _chapters(target if (target / "course.toml").is_file() else source)
    lessons: dict[str, list[Lesson]] = {cid: [] for cid, _ in chapters}
    seen: set[str] = set()
    for path in sorted(source.glob("*.md")):
        lesson = parse_lesson(path.read_text(encoding="utf-8"), str(path), path)
        if lesson.id in seen:
            raise LessonError(f"{path}: id {lesson.id!r} is used by another lesson")
        seen.add(lesson.id)
        if lesson.chapter not in lessons:
            raise LessonError(f"{path}: chapter {lesson.chapter!r} is not in course.toml")
        translated = target / path.name
        if language != SOURCE_LANGUAGE and translated.is_file():
            lesson = _translate(lesson, translated)
        lessons[lesson.chapter].append(lesson)
    return Course(language, tuple(Chapter(cid, title, tuple(lessons[cid]))
                                  for cid, title in chapters))
