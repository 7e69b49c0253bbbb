"""The PostgreSQL settings of the county generator's bulk load, readable without Django (the
bench needs them before Django is set up): the generator's writer sets them for the load's
transaction (generator/writer.py, BulkWriter.begin), and the bench measures the generation's
floor, a restore of the generated database, under the same (bench/database.py)."""

BULK_LOAD_SETTINGS = {
    # Nothing waits for the WAL to reach the disk at the load's commit.
    "synchronous_commit": "off",
    # Each index is built by one sort: in memory up to this size (the GIN index on the search
    # vector and the covering indexes of 500,000 cases fit), else on disk.
    "maintenance_work_mem": "1GB",
}
