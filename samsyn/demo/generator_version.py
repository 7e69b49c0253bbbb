"""The county data generator's version, readable without Django (the bench asks it before
Django is set up): raised whenever the generator writes other rows or other values for the
same seed (2: the receiver's answer, issue 20), so that the bench's cached county of an older
version is made again (bench/database.py)."""

GENERATOR_VERSION = 2
