"""Files: weights in every export format, bundled presets."""
