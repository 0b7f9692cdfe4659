"""`python -m workflow` is the `workflow` command."""

from workflow.cli import main

main()
