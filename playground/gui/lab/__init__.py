"""The optimizer lab tab: optimizers racing over loss surfaces, network loss landscapes,
regularization geometry."""

from playground.gui.lab.lab_widget import OptimizerLab

__all__ = ["OptimizerLab"]
