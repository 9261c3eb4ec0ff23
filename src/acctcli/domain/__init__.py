"""Pure domain: no I/O, no clock, no typer/rich/sqlmodel."""
