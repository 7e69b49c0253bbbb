"""The API's parameter types that more than one router uses.

A row id is a positive 64-bit integer (ids are BigAutoField): a larger or negative number
is refused as a bad parameter (400) before it reaches the database, which cannot hold it.
"""

from typing import Annotated

from pydantic import Field

BIGINT_MAX = 2**63 - 1

RowId = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
