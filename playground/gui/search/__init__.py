"""The cross-validation and hyperparameter search dialog (core: playground.core.search)."""
