"""One Typer app per command group; each command validates, calls one service, renders."""
