"""``python -m samkart.cli``: the same as the ``samkart`` command."""

from samkart.cli import main

if __name__ == "__main__":  # not when a worker process imports the main module again
    main()
