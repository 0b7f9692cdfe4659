"""`python -m workflow` is the `workflow` command."""

from workflow.cli.app import main

main()
