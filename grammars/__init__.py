"""The lark grammars of grammars/, shipped as package data (see DESIGN.md)."""
