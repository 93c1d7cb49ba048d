"""HTTP views: ``public`` (no login) and ``edit`` (login, permission-checked)."""
