"""Every lesson in Simplified Chinese too, and `playground lessons` in the chosen language."""

from __future__ import annotations

import re

from playground.cli import main
from playground.core.course.lessons import LESSONS_DIR, load_course

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_lesson_has_its_chinese_text():
    english, chinese = load_course("en"), load_course("zh_CN")
    assert sorted(p.name for p in (LESSONS_DIR / "zh_CN").glob("*.md")) == sorted(
        p.name for p in (LESSONS_DIR / "en").glob("*.md"))
    for en, zh in zip(english.lessons(), chinese.lessons(), strict=True):
        assert en.id == zh.id and en.goal == zh.goal and en.spec == zh.spec
        assert CJK.search(zh.title) and CJK.search(zh.body), zh.id
        assert len(zh.try_) == len(en.try_) and all(CJK.search(t) for t in zh.try_), zh.id
        # formulas and numbers stay as they are: every number of the English text is there
        numbers = set(re.findall(r"\d+(?:\.\d+)?", en.body))
        assert numbers <= set(re.findall(r"\d+(?:\.\d+)?", zh.body)), (
            zh.id, numbers - set(re.findall(r"\d+(?:\.\d+)?", zh.body)))


def test_lessons_lists_titles_in_the_chosen_language(capsys, monkeypatch):
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert main(["--lang", "zh_CN", "lessons"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "线性回归及其简洁实现"
    assert "  linear-synthetic         合成数据上的线性回归 (d2l 3.2–3.3)" in out.splitlines()
    assert main(["lessons", "--language", "zh_CN"]) == 0
    assert capsys.readouterr().out == out
    assert main(["lessons"]) == 0  # no locale: English
    assert capsys.readouterr().out.splitlines()[0] == load_course("en").chapters[0].title
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the system locale's language
    assert main(["lessons"]) == 0
    assert capsys.readouterr().out == out


def test_cli_errors_stay_english(capsys):
    assert main(["--lang", "zh_CN", "lesson", "no-such-lesson"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
