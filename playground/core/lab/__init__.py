"""Optimizer lab core: surfaces, safe formulas, optimizer paths, contours, regularization views.

Pure numpy + torch; a Qt tab drives it (e.g. ``Race.step(n)`` then ``Race.states()``).
"""
