"""Analyses of a register: pure functions from a register (or a year of it) to tables."""
