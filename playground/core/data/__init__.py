"""Data: dataset generators, file readers (CSV, IDX, bundled sets), input features, splits."""
