"""samkart: mapping and analysing formal inter-municipal cooperation in Norway."""

__version__ = "0.1.0"
