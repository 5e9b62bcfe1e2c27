"""The terminal app and command line for briefing."""
