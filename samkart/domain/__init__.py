"""The domain of samkart: codes, entities and rules, in plain Python (no Django, no pandas)."""
