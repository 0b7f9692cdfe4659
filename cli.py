"""`python cli.py ...` from a checkout runs the same command as the installed `workflow`."""

from workflow.cli.entry import main

if __name__ == "__main__":
    main()
