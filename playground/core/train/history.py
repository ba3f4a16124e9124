"""Per-epoch history in growable numpy arrays, and the deltas that carry it between processes.

A run keeps at most ``HISTORY_LENGTH`` entries per series: past that every other entry is
dropped and the stride doubles, as the weight trajectory is thinned, so an hour of training
at thousands of epochs a second holds a few MB. Entry i is epoch ``i * stride`` (the gradient
norms, recorded after an epoch: ``(i + 1) * stride``); ``latest`` holds the last epoch's
figures whichever epochs are kept. Under ``HISTORY_LENGTH`` epochs every epoch is kept.

A frame's snapshot hands out read-only views of the first n entries (no copy), so building it
costs the same after 100k epochs as after 10. Entries already handed out never change in place:
rewriting the last one (early stopping's restore, loaded weights) copies the array first.
Between processes only the entries a frame adds travel (``TailPacker`` / ``TailUnpacker``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

_tokens = itertools.count(1)

HISTORY_LENGTH = 100_000  # entries per series before the history is thinned


def entry_epochs(count: int, stride: int, first: int = 0) -> np.ndarray:
    """The epochs of a thinned series' ``count`` entries (``first``: the first entry's
    epoch in strides: 0 for the figures, 1 for the gradient norms)."""
    return (np.arange(count, dtype=np.float64) + first) * stride


class Growable:
    """An array that grows along its first axis (amortised O(1) appends)."""

    def __init__(self, dtype: Any = np.float64, width: int | None = None):
        self.width = width
        self._data = np.empty((16,) if width is None else (16, width), dtype)
        self.n = 0

    def append(self, value: Any) -> None:
        if self.n == len(self._data):
            grown = np.empty((2 * self.n, *self._data.shape[1:]), self._data.dtype)
            grown[:self.n] = self._data[:self.n]
            self._data = grown
        self._data[self.n] = value
        self.n += 1

    def write(self, start: int, values: np.ndarray) -> None:
        """Put ``values`` at ``start`` (<= n), copying first when it rewrites entries that
        views may hold; n becomes start + len(values)."""
        end = start + len(values)
        overlap = min(end, self.n) - start
        if overlap > 0 and not np.array_equal(self._data[start:start + overlap],
                                              values[:overlap], equal_nan=True):
            self._data = self._data.copy()
        if end > len(self._data):
            grown = np.empty((max(end, 2 * len(self._data)), *self._data.shape[1:]),
                             self._data.dtype)
            grown[:start] = self._data[:start]
            self._data = grown
        self._data[start:end] = values
        self.n = end

    def thin(self, start: int) -> None:
        """Keep every other entry from ``start`` (a new array: views handed out stay)."""
        kept = self._data[start:self.n:2]
        self._data = np.empty((max(16, 2 * len(kept)), *self._data.shape[1:]), self._data.dtype)
        self._data[:len(kept)] = kept
        self.n = len(kept)

    def set_last(self, value: Any) -> None:
        if self.n == 0:
            self.append(value)
            return
        self._data = self._data.copy()  # a frame may hold a view of the old last entry
        self._data[self.n - 1] = value

    def view(self) -> np.ndarray:
        """The first n entries, read-only, without a copy."""
        out = self._data[:self.n]
        out.flags.writeable = False
        return out

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: Any) -> Any:
        return self.view()[index]


class History(Mapping[str, np.ndarray]):
    """Per-epoch series by name (train_loss, test_accuracy, ...): float64 read-only views,
    thinned past ``limit`` entries; and the gradient norms per layer (``norms``)."""

    def __init__(self, norm_width: int, limit: int = HISTORY_LENGTH) -> None:
        self.token = next(_tokens)  # tells a delta receiver that a new run began
        self.limit = max(2, limit)
        self.stride = 1  # epochs between kept entries
        self.entries = 0  # kept entries per series
        self.latest: dict[str, float] = {}  # the last recorded epoch's figures, always
        self._series: dict[str, Growable] = {}
        self.norms = Growable(np.float32, norm_width)  # (kept epochs, dense layers)

    def keeps(self, epoch: int) -> bool:
        """Whether ``epoch`` gets an entry (thinning first when the series are full)."""
        if epoch % self.stride:
            return False
        if self.entries >= self.limit:
            for series in self._series.values():
                series.thin(0)
            self.norms.thin(1)  # the norms of epochs s, 2s, 3s, ...: keep 2s, 4s, ...
            self.entries = (self.entries + 1) // 2
            self.stride *= 2
        return epoch % self.stride == 0

    def record(self, epoch: int, figures: Mapping[str, float],
               norms: np.ndarray | None = None) -> None:
        """The figures (and, after an epoch, the gradient norms) at the end of ``epoch``."""
        self.latest.update(figures)
        if not self.keeps(epoch):
            return
        for key, value in figures.items():
            series = self._series.get(key)
            if series is None:
                series = self._series[key] = Growable()
            series.append(value)
        self.entries += 1
        if norms is not None:
            self.norms.append(norms)

    def replace_last(self, epoch: int, figures: Mapping[str, float]) -> None:
        """Re-evaluated figures of ``epoch`` (early stopping's restore, edited weights)."""
        self.latest.update(figures)
        if epoch % self.stride:
            return  # the epoch has no entry
        for key, value in figures.items():
            series = self._series.get(key)
            if series is None:
                series = self._series[key] = Growable()
            series.set_last(value)

    def restore(self, series: Mapping[str, np.ndarray], norms: np.ndarray,
                stride: int = 1) -> None:
        """Replace every series by ``series`` (a run going on from an earlier one's frame)."""
        self._series = {}
        self.stride = max(1, int(stride))
        for key, values in series.items():
            grown = self._series[key] = Growable()
            grown.write(0, np.asarray(values, np.float64).reshape(-1))
        self.entries = max((len(v) for v in self.values()), default=0)
        self.latest = {k: float(v[-1]) for k, v in self.items() if len(v)}
        self.norms = Growable(np.float32, self.norms.width)
        self.norms.write(0, np.asarray(norms, np.float32).reshape(-1, self.norms.width))

    def __getitem__(self, key: str) -> np.ndarray:
        return self._series[key].view()

    def __iter__(self) -> Iterator[str]:
        return iter(self._series)

    def __len__(self) -> int:
        return len(self._series)


@dataclass(frozen=True)
class Tail:
    """The entries of a series from ``start`` on (the rest is on the receiving side)."""

    start: int
    values: np.ndarray


class TailPacker:
    """Replaces a snapshot's series by their new entries since the previous frame (and the
    last old one, which may have been rewritten). One per direction, fed every frame."""

    def __init__(self) -> None:
        self._token: Any = None
        self._lengths: dict[str, int] = {}

    def pack(self, token: Any, series: Mapping[str, np.ndarray]) -> dict[str, Tail]:
        if token != self._token:
            self._token, self._lengths = token, {}
        out = {}
        for key, values in series.items():
            start = max(0, min(self._lengths.get(key, 0), len(values)) - 1)
            out[key] = Tail(start, np.array(values[start:]))
            self._lengths[key] = len(values)
        return out


class TailUnpacker:
    """Rebuilds the series a ``TailPacker`` packed, as read-only views of growable arrays."""

    def __init__(self) -> None:
        self._token: Any = None
        self._arrays: dict[str, Growable] = {}

    def unpack(self, token: Any, tails: Mapping[str, Any]) -> dict[str, np.ndarray]:
        if token != self._token:
            self._token, self._arrays = token, {}
        out = {}
        for key, tail in tails.items():
            if not isinstance(tail, Tail):  # sent whole
                out[key] = tail
                continue
            array = self._arrays.get(key)
            if array is None or tail.start > len(array):
                array = self._arrays[key] = Growable(
                    tail.values.dtype, None if tail.values.ndim == 1 else tail.values.shape[1])
            array.write(tail.start, tail.values)
            out[key] = array.view()
        return out
