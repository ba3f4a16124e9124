"""The pure core: experiments, data, torch engine, metrics, export. Never imports Qt."""
