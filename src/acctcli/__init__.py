"""acct: an agency account manager's working day on the command line."""

__version__ = "0.1.0"
