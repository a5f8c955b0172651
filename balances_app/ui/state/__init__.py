"""One state module per concern: the session, then what each feature shows."""
