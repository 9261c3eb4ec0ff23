"""Use cases: load from the store, call the domain, save; return domain objects."""
