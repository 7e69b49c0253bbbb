"""docs/access.md describes each object type by its docstring's whole first paragraph."""

from samsyn.core.access_table import _first_paragraph, access_table_markdown


def test_a_summary_over_two_lines_is_shown_whole():
    doc = "A voluntary agreement on responsibility\nand compensation in an area.\n\nMore."
    assert _first_paragraph(doc) == (
        "A voluntary agreement on responsibility and compensation in an area."
    )


def test_the_access_doc_ends_no_description_mid_sentence(db):
    for line in access_table_markdown().splitlines():
        if line.startswith("- `") and "): " in line:
            assert line.rstrip().endswith((".", ")")), line
