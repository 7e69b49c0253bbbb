"""The pictures of docs/pages.md: the main pages of each role at 1280 px and 390 px (issue 24
item 7). Not a test of the suite (its name does not start with test_, so pytest collects it
only when named): `make screenshots` runs it against a live server on the demo data, like the
browser tests, and writes docs/pages/<name>-<width>.png.

Each picture is the first screen a person sees (what the page puts first is the point), saved
with a palette of 128 colours to keep the repository small.
"""

import io
import os
from pathlib import Path

import pytest

from tests.browser.conftest import REPO, resolve_path

OUT = Path(os.environ.get("SAMSYN_DOCS_PAGES", REPO / "docs" / "pages"))
WIDTHS = {1280: {"width": 1280, "height": 800}, 390: {"width": 390, "height": 844}}

# (file name, role as docs/pages.md names it, path, username): a few main pages per role.
DOC_PAGES = [
    ("reporter-start", "Rapportör", "/", "rapportor"),
    ("reporter-report", "Rapportör", "/avvikelser/rapportera/", "rapportor"),
    ("reporter-my-reports", "Rapportör", "/avvikelser/mina-rapporter/", "skoterska.boras"),
    ("handler-start", "Handläggare", "/", "handlaggare.sas"),
    ("handler-inbox", "Handläggare", "/avvikelser/", "handlaggare.sas"),
    ("handler-case", "Handläggare", "/avvikelser/{deviation_analysed}/", "handlaggare.sas"),
    ("manager-start", "Chef", "/", "chef1.boras"),
    ("manager-case", "Chef", "/oenighet/{disagreement_step1}/", "chef1.boras"),
    ("analyst-start", "Länsanalytiker", "/", "analytiker"),
    ("analyst-report", "Länsanalytiker", "/uppfoljning/arsrapport/2026/", "analytiker"),
    ("coordinator-start", "Länssamordnare", "/", "samordnare.lanet"),
    ("patient-safety-lead-start", "Chefläkare", "/", "chefslakare.sas"),
    ("party-admin-start", "Administratör hos en part", "/", "admin.boras"),
    ("county-admin-start", "Länsadministratör", "/", "lansadmin"),
    ("county-admin-overview", "Länsadministratör", "/avtal/beslutslage/", "lansadmin"),
]


def _save(png: bytes, path: Path) -> None:
    """The screenshot with a 128-colour palette: a fifth of the size, text still sharp."""
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with WeasyPrint; without it the PNG is kept as taken
        path.write_bytes(png)
        return
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128, method=2)
    image.save(path, optimize=True)


@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
def test_docs_pages(new_context, login, demo_ids, width):
    OUT.mkdir(parents=True, exist_ok=True)
    page = new_context(viewport=WIDTHS[width], device_scale_factor=1).new_page()
    for name, _role, path, username in DOC_PAGES:
        login(page, username)
        response = page.goto(resolve_path(path, demo_ids))
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        _save(page.screenshot(), OUT / f"{name}-{width}.png")
