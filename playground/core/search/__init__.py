"""Cross-validation and hyperparameter search of an experiment (pure: no Qt).

``folds`` splits the training rows into k folds, ``cv`` trains one model per fold and scores it
on its held-out fold, ``params`` parses the fields to search over, and ``study`` runs an Optuna
study over them (grid, random or TPE sampling; median pruning; in-memory, SQLite, journal-file
or database storage shared by several worker processes).
"""
