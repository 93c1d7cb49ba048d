"""Sources that build or update a register from data published elsewhere.

A layer of its own between ``register`` (which it writes and reads) and the web and the command
line (which call it): nothing here imports the analyses, the report or Django.
"""
