"""The clerk's pages: thin routes that parse a request, call plain functions and render."""
