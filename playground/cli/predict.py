"""`playground predict WEIGHTS DATA.csv [--out PRED.csv]`: an exported model on raw rows."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from playground.cli.errors import CliError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``predict`` subcommand."""
    predict = sub.add_parser(
        "predict", help="run exported weights on the rows of a CSV file",
        description="Run an exported model (.safetensors, .npz, .json or .onnx) on the raw "
                    "input columns of a CSV file and write one row of predictions per row: "
                    "the class name and each class's probability, or the predicted values.")
    predict.add_argument("weights", help="a weights file exported by NN Playground")
    predict.add_argument("data", help="CSV file with a header naming the model's input columns "
                         "(other columns are ignored)")
    predict.add_argument("--out", metavar="PRED.csv", help="write here (default: stdout)")
    predict.set_defaults(func=_predict)


def _predict(args: argparse.Namespace) -> int:
    from playground.core.data.csv_table import read_rows
    from playground.core.data.records import DataError
    from playground.core.files.predictor import load_model
    from playground.core.files.weights_format import WeightsError

    try:
        model = load_model(args.weights)
    except WeightsError as exc:
        raise CliError(str(exc)) from None
    try:
        header, rows, _ = read_rows(Path(args.data))
    except DataError as exc:
        raise CliError(str(exc)) from None
    try:
        table = model.predict_table(header, rows)
    except ValueError as exc:
        raise CliError(f"{args.data}: {exc}") from None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    if args.out:
        try:
            from playground.core.atomic import write_atomic

            write_atomic(Path(args.out), buffer.getvalue().encode("utf-8"))
        except OSError as exc:
            raise CliError(f"could not write {args.out}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(buffer.getvalue())
    return 0
