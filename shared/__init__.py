"""newsflow's common package: contracts, topics, settings, metrics, the Faust app factory."""

__version__ = "0.1.0"
