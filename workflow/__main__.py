"""`python -m workflow` is the `workflow` command."""

from workflow.cli.entry import main

main()
