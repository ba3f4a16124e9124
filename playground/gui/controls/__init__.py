"""Panels that edit the experiment through the session: data, features, training."""
