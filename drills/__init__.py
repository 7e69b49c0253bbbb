"""Reliability drills (issue 22): the production stack (gunicorn + PostgreSQL) under conflicting
clients, killed workers and a restarted database; each drill checks invariants in the database
afterwards (nothing lost, nothing doubled), not only status codes. `make drills`; see README.md.
"""
