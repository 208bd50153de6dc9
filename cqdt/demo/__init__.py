"""The demo province (Lạng Sơn): directory, staff and procedure catalogue, seeded idempotently."""
