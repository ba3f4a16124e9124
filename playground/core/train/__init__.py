"""Training: the trainer and its fast path, snapshots, metrics, the live loop and its process."""
