"""RateLimit: a view redrawn at most hz times a second, and always with the newest frame."""

from __future__ import annotations

import time

from playground.gui.views.rate_limit import RateLimit


def test_frames_faster_than_the_rate_are_drawn_at_the_rate_and_the_newest_last(qtbot):
    drawn: list[int] = []
    newest = [0]
    limit = RateLimit(20, lambda: drawn.append(newest[0]))
    start = time.monotonic()
    frame = 0
    while time.monotonic() - start < 0.5:  # frames at about 200 a second for half a second
        frame += 1
        newest[0] = frame
        limit.request()
        qtbot.wait(5)
    qtbot.waitUntil(lambda: not limit.pending, timeout=1000)
    assert frame > 40
    assert drawn[0] == 1  # the first frame is drawn at once
    assert drawn[-1] == frame  # and the last one is not left behind
    assert 8 <= len(drawn) <= 13  # 20 a second over half a second (timer slack either way)
    assert drawn == sorted(set(drawn))


def test_draw_now_and_cancel_restart_the_interval(qtbot):
    drawn: list[str] = []
    limit = RateLimit(2, lambda: drawn.append("x"))
    limit.request()
    limit.request()  # within the interval: scheduled, not drawn
    assert drawn == ["x"] and limit.pending
    limit.cancel()
    assert not limit.pending
    limit.request()  # after cancel the next frame is drawn at once
    assert drawn == ["x", "x"]
    limit.draw_now()
    assert drawn == ["x", "x", "x"] and not limit.pending
