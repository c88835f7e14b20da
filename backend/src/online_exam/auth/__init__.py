"""Identity: accounts, password hashing, access tokens, role checks."""
