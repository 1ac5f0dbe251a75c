"""Relationel velfærd: the site's own machinery, as plain functions over plain data.

The MkDocs glue is scripts/mkdocs_hooks.py; the tools are one command line,
``python -m relationel_velfaerd COMMAND`` (see __main__.py). README.md's
"Sådan bliver en side til" follows the data from docs/ and bibliography/ to site/.
"""
