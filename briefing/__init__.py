"""briefing: turn a folder of news reports into a sourced index and a one-page brief."""

__version__ = "0.1.0"
