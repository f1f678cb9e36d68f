"""Plugins for the office intake registers."""
