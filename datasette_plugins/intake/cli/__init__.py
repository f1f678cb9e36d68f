"""``datasette intake …``: a thin click layer over the plain functions (sync adds its commands)."""
