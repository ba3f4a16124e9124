"""The model: implementations by name (registry), the output head, the torch network, devices."""
