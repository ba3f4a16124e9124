"""`playground lessons` (the course tree) and `playground lesson NAME [--check]`."""

from __future__ import annotations

import argparse
import os

from playground.cli.errors import CliError

EXIT_GOAL_MISSED = 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``lessons`` and ``lesson`` subcommands."""
    listing = sub.add_parser("lessons", help="list the course's lessons, chapter by chapter")
    listing.add_argument("--language", help="language of the titles: en or zh_CN (default: "
                                            "--lang, else the system locale's)")
    listing.set_defaults(func=_list_lessons)
    lesson = sub.add_parser(
        "lesson", help="show a lesson, or check its goal headless",
        description="Print a lesson's text and goal; with --check, train its experiment (and "
                    "reference runs) and exit 0 when the goal holds, 1 when it does not.")
    lesson.add_argument("name", help="lesson id (from `playground lessons`)")
    lesson.add_argument("--check", action="store_true", help="train and check the goal")
    lesson.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"))
    lesson.add_argument("--language", help="language of the text: en or zh_CN (default: "
                                           "--lang, else the system locale's)")
    lesson.set_defaults(func=_lesson)


def course_language(args: argparse.Namespace) -> str:
    """The lessons' language: ``--language``, else the top-level ``--lang``, else the system
    locale's (zh* -> zh_CN), else English. Only the lessons' words change; messages stay
    English."""
    code = args.language or getattr(args, "lang", None)
    if not code:
        for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
            if os.environ.get(variable):
                code = os.environ[variable]
                break
    code = (code or "en").split(".")[0].replace("-", "_")
    return "zh_CN" if code.lower().startswith("zh") else "en"


def _course(args: argparse.Namespace):  # noqa: ANN202 - a Course, imported lazily
    from playground.core.course.lessons import LessonError, load_course

    try:
        return load_course(course_language(args))
    except LessonError as exc:
        raise CliError(str(exc)) from None


def _list_lessons(args: argparse.Namespace) -> int:
    for chapter in _course(args).chapters:
        print(chapter.title)
        for lesson in chapter.lessons:
            print(f"  {lesson.id:24s} {lesson.title} ({lesson.section})")
    return 0


def _lesson(args: argparse.Namespace) -> int:
    from playground.core.course.lessons import LessonError

    try:
        lesson = _course(args).find(args.name)
    except LessonError as exc:
        raise CliError(str(exc)) from None
    print(f"{lesson.title} ({lesson.section})")
    if not args.check:
        print()
        print(lesson.body.rstrip())
        for line in lesson.try_:
            print(f"- try: {line}")
        print()
    if lesson.pending:
        print(f"pending: {lesson.pending}")
    return _check(lesson, args.device) if args.check else _show_goal(lesson)


def _show_goal(lesson) -> int:  # noqa: ANN001 - a Lesson
    print("goal: " + "; ".join(term.text() for term in lesson.goal))
    return 0


def _check(lesson, device: str | None) -> int:  # noqa: ANN001 - a Lesson
    from playground.core.course.check import check_lesson
    from playground.core.model.device import DeviceError

    try:
        result = check_lesson(lesson, device)
    except (ValueError, OSError, DeviceError) as exc:
        raise CliError(f"{lesson.id}: {exc}") from None
    for item in result.goal.terms:
        mark = "ok  " if item.holds else "MISS"
        print(f"{mark} {item.term.text()}: measured {_show(item.measured)}, "
              f"bound {_show(item.bound)}")
    if result.goal.holds:
        print("goal holds")
        return 0
    print("goal not reached")
    return EXIT_GOAL_MISSED


def _show(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4g}"
