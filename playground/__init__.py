"""NN Playground: build neural networks visually and watch them learn."""

__version__ = "0.1.0"
