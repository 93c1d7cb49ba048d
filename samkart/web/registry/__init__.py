"""The web registry app: the register in a database, public pages, editing with roles, the API."""
