"""ClusterHub: the platform for business cluster organisations and their programmes."""

__version__ = "0.1.0"
