"""Launch NN Playground: ``python main.py [experiment.json]``."""

import sys

from playground.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
