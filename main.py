"""Launch NN Playground: ``python main.py [experiment.json]``."""

import sys

if __name__ == "__main__":
    # Imported under the guard: training processes re-run this file as a module on start
    # (multiprocessing's rule), and they need none of the GUI.
    from playground.core.train.live_process import prestart

    prestart()  # before Qt loads: the training processes' server imports torch meanwhile
    from playground.gui.app import main

    sys.exit(main())
