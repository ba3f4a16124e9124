"""The pictures a trainer gives the views: snapshots, the decision-plane grids, the 1-D curve,
per-split outputs and the state beside the dense weights. A mixin of ``Trainer``."""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import torch

from playground.core.arrays import frozen
from playground.core.data import raw as data_layer
from playground.core.train import metrics as metric_fns
from playground.core.train.layer_stats import trainer_statistics
from playground.core.train.snapshot import GridMaps, Snapshot

STATS_FRESH_EPOCHS = 1000  # frames of younger runs always compute their layer statistics
SNAPSHOT_OUTPUT_ROWS = 2048  # rows per split whose outputs a snapshot carries (metrics panel)


class TrainerFrames:
    """Part of ``Trainer`` (see trainer.py); uses its attributes."""

    def _grid_inputs(self, resolution: int) -> tuple[np.ndarray, np.ndarray, torch.Tensor]:
        cached = self._grid_cache.get(resolution)
        if cached is None:
            (xlo, xhi), (ylo, yhi) = self.plot_ranges()
            xs = np.linspace(xlo, xhi, resolution)
            ys = np.linspace(ylo, yhi, resolution)
            gx, gy = np.meshgrid(xs, ys)  # row i <-> ys[i]
            raw = np.column_stack([gx.ravel(), gy.ravel()])
            feats = torch.as_tensor(self.data.featurize(raw), device=self.device)
            cached = (xs.astype(np.float32), ys.astype(np.float32), feats)
            self._grid_cache[resolution] = cached
        return cached

    def plot_ranges(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The (x, y) ranges views plot 2-D inputs over (core.data.raw.plot_ranges)."""
        return data_layer.plot_ranges(self.data)

    @torch.no_grad()
    def grid_maps(self, resolution: int = 100, neuron_resolution: int = 32,
                  max_neurons: int = 64) -> GridMaps | None:
        """The output and every hidden neuron over the input plane (2-D raw inputs only)."""
        if self.data.n_inputs_raw != 2:
            return None
        self._mode(False)
        xs, ys, feats = self._grid_inputs(resolution)
        out = self.model(feats)
        res = (resolution, resolution)
        classes = confidence = None
        if self.head.task == "regression":
            output = out[:, 0]
        elif self.head.task == "classification" and self.data.n_classes > 2:
            probs = self.head.probabilities(out)
            conf, cls = probs.max(dim=1)
            classes = frozen(cls.reshape(res).cpu().numpy(), np.int32)
            confidence = frozen(conf.reshape(res).cpu().numpy(), np.float32)
            output = conf
        else:
            output = self.head.score(out)
        _, _, nfeats = self._grid_inputs(neuron_resolution)
        _, hidden = self.model.forward_with_hidden(nfeats)
        nres = (neuron_resolution, neuron_resolution)
        neurons = tuple(frozen(h[:, :max_neurons].T.reshape(-1, *nres).cpu().numpy(), np.float32)
                        for h in hidden)
        feature_maps = tuple(
            frozen(nfeats[:, j].reshape(nres).cpu().numpy(), np.float32)
            for j in range(nfeats.shape[1]))
        return GridMaps(xs=frozen(xs), ys=frozen(ys),
                        output=frozen(output.reshape(res).cpu().numpy(), np.float32),
                        classes=classes, confidence=confidence, neurons=neurons,
                        features=feature_maps)

    @torch.no_grad()
    def curve(self, points: int = 200) -> tuple[np.ndarray, np.ndarray] | None:
        """1-D regression: predictions along the input's range."""
        if self.data.n_inputs_raw != 1 or self.head.task != "regression":
            return None
        raw = np.concatenate([self.data.raw_train, self.data.raw_test])[:, 0]
        lo, hi = self.data.domain or (float(raw.min()), float(raw.max()))
        xs = np.linspace(lo, hi, points)
        feats = torch.as_tensor(self.data.featurize(xs[:, None]), device=self.device)
        self._mode(False)
        pred = self.model(feats)[:, 0].cpu().numpy()
        return frozen(xs, np.float32), frozen(pred, np.float32)

    @torch.no_grad()
    def snapshot(self, version: int = 0, grid: bool = True, resolution: int = 100,
                 neuron_resolution: int = 32, current_metrics: bool = False,
                 stats_max_age: float = 0.0) -> Snapshot:
        """An immutable picture of the run for views (arrays are copies, read-only).

        ``metrics`` are the history's last entry (the end of the last epoch); with
        ``current_metrics`` they are evaluated at the weights as they are now when these moved
        since (paused mid-epoch, a weight edited), so the figures, the confusion matrix and the
        metrics panel of one frame show one evaluation. The per-layer statistics (the
        Stability page; 40% of a small net's snapshot) are reused for ``stats_max_age``
        seconds: the live loop asks for fresh ones 4 times a second while training."""
        layers = self.model.dense_layers()
        history = MappingProxyType(dict(self.history))  # read-only views, no copies
        latest = dict(self.history.latest)
        if current_metrics and self._metrics_stale:
            latest.update(self.evaluate())
        test_pred = confusion = None
        if self.head.task == "classification" and len(self.data.x_test):
            out, _ = self.outputs("test")
            pred = self.head.predict(out).cpu().numpy()
            test_pred = frozen(pred, np.int64)
            confusion = frozen(metric_fns.confusion_matrix(
                np.asarray(self.data.y_test), pred, self.data.n_classes))
        elif self.head.task == "regression" and len(self.data.x_test):
            out, _ = self.outputs("test")
            test_pred = frozen(out[:, 0].cpu().numpy(), np.float32)
        return Snapshot(
            version=version, epoch=self.epoch, step=self.step_count, status=self.status,
            message=self.message, history=history, metrics=MappingProxyType(latest),
            weights=tuple(frozen(m.weight.detach().cpu().numpy(), np.float32) for m in layers),
            biases=tuple(frozen(m.bias.detach().cpu().numpy(), np.float32) for m in layers),
            grad_norms=self.history.norms.view(), history_stride=self.history.stride,
            grid=self.grid_maps(resolution, neuron_resolution) if grid else None,
            curve=self.curve(), test_predictions=test_pred, confusion=confusion,
            learning_rate=self.learning_rate, split_outputs=self.split_outputs(),
            other_state=self.other_state(),
            extras=MappingProxyType({"trajectory": tuple(self.trajectory),
                                     # thinning resends the series whole
                                     "history_run": (self.history.token,
                                                     self.history.stride),
                                     "trajectory_stride": self._trajectory_stride,
                                     # per-layer activation and gradient statistics
                                     "layer_stats": self._layer_stats(stats_max_age)}),
        )

    def _layer_stats(self, max_age: float) -> Any:
        """Fresh statistics, or the last ones while they are under ``max_age`` seconds old
        and the run is past its first STATS_FRESH_EPOCHS epochs (a network changes fastest
        early on: a learning rate of 10 saturates it within a few hundred epochs, and the
        window's stall hint must see that)."""
        now = time.monotonic()
        cached = self._stats
        if (max_age <= 0 or cached is None or now - cached[0] > max_age
                or cached[1] < STATS_FRESH_EPOCHS):
            self._stats = cached = (now, self.epoch, trainer_statistics(self))
        return cached[2]

    @torch.no_grad()
    def split_outputs(self, rows: int = SNAPSHOT_OUTPUT_ROWS) -> Mapping[str, np.ndarray]:
        """Per non-empty split, float32 (n, c) for its first ``rows`` rows: probabilities
        (classification, multi-label) or predictions (regression)."""
        self._mode(False)
        out = {}
        for split, (x, _) in self._split.items():
            if len(x):
                y = self.model(x[:rows])
                y = y if self.head.task == "regression" else self.head.probabilities(y)
                out[split] = frozen(y.cpu().numpy(), np.float32)
        return MappingProxyType(out)

    def other_state(self) -> Mapping[str, np.ndarray]:
        """The state dict's entries beside the dense layers' weights and biases (batchnorm's
        parameters and statistics), as frozen numpy arrays; empty for most networks."""
        if self._other_keys is None:
            dense = {id(t) for m in self.model.dense_layers() for t in (m.weight, m.bias)}
            self._other_keys = tuple(k for k, v in self.model.state_dict(keep_vars=True).items()
                                     if id(v) not in dense)
        if not self._other_keys:
            return MappingProxyType({})
        state = self.model.state_dict()
        return MappingProxyType({k: frozen(state[k].detach().cpu().numpy())
                                 for k in self._other_keys})
