"""services.areas_import: the shipped p-code files import whole; a bad file names its line and imports nothing."""

from pathlib import Path

import pytest

from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import Area
from pseahub.network.services import AreaImportError, areas_import

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
MALI = DATA / "mali_admin1.csv"
LEBANON = DATA / "lebanon_admin1.csv"
HEADER = "pcode,name,name_fr_or_ar,parent_pcode,admin_level\n"


def _levels() -> dict[int, int]:
    return {level: Area.objects.filter(admin_level=level).count() for level in (0, 1, 2)}


def _state() -> list[tuple]:
    return list(
        Area.objects.order_by("pcode").values_list("pcode", "name", "name_local", "parent__pcode", "admin_level")
    )


def test_it_imports_the_shipped_mali_file_with_its_hierarchy():
    admin = UserFactory()

    result = areas_import(actor=admin, content=MALI.read_bytes())

    assert (result.created, result.updated) == (64, 0)
    assert _levels() == {0: 1, 1: 10, 2: 53}
    country = Area.objects.get(pcode="MLI")
    assert (country.name, country.parent, country.admin_level) == ("Mali", None, 0)
    regions = Area.objects.filter(admin_level=1)
    assert sorted(regions.values_list("pcode", flat=True)) == [f"ML{n:02d}" for n in range(1, 11)]
    assert {region.parent_id for region in regions} == {country.pk}
    assert Area.objects.get(pcode="ML04").name_local == "Ségou"
    assert Area.objects.get(pcode="ML09").name == "Bamako"
    for cercle in Area.objects.filter(admin_level=2).select_related("parent"):
        assert cercle.parent.admin_level == 1
        assert cercle.pcode.startswith(cercle.parent.pcode)
    event = AuditEvent.objects.get(action=Action.AREAS_IMPORTED)
    assert (event.actor, event.data) == (admin, {"created": 64, "updated": 0})


def test_it_imports_the_shipped_lebanon_file_with_its_hierarchy():
    result = areas_import(actor=None, content=LEBANON.read_bytes())

    assert (result.created, result.updated) == (35, 0)
    assert _levels() == {0: 1, 1: 8, 2: 26}
    assert Area.objects.get(pcode="LB3").name_local == "جبل لبنان"
    assert Area.objects.get(pcode="LB3").parent.pcode == "LBN"
    # OCHA numbers the districts under their governorate except Akkar (LB51 sits in LB7).
    assert Area.objects.get(pcode="LB11").parent.pcode == "LB1"
    assert Area.objects.get(pcode="LB51").parent.pcode == "LB7"
    assert AuditEvent.objects.get(action=Action.AREAS_IMPORTED).actor is None


def test_it_updates_on_reimport_instead_of_duplicating():
    areas_import(actor=None, content=MALI.read_bytes())
    before = dict(Area.objects.values_list("pcode", "pk"))

    result = areas_import(actor=None, content=MALI.read_bytes())

    assert (result.created, result.updated) == (0, 64)
    assert dict(Area.objects.values_list("pcode", "pk")) == before
    assert list(AuditEvent.objects.filter(action=Action.AREAS_IMPORTED).values_list("data", flat=True)) == [
        {"created": 64, "updated": 0},
        {"created": 0, "updated": 64},
    ]


def test_it_changes_names_and_parents_and_adds_new_areas_on_reimport():
    areas_import(actor=None, content=MALI.read_bytes())
    bamako = Area.objects.get(pcode="ML09")

    result = areas_import(
        actor=None,
        content=HEADER
        + "ML09,Bamako District,District de Bamako,MLI,1\nML0102,Diema,Diéma,ML02,2\nML0902,Kalaban,,ML09,2\n",
    )

    assert (result.created, result.updated) == (1, 2)
    bamako.refresh_from_db()
    assert (bamako.name, bamako.name_local) == ("Bamako District", "District de Bamako")
    assert Area.objects.get(pcode="ML0102").parent.pcode == "ML02"
    assert Area.objects.get(pcode="ML0902").parent == bamako
    assert Area.objects.count() == 65


def test_it_reads_an_excel_export_with_a_bom_crlf_extra_columns_and_blank_lines():
    content = (
        "\ufeffadmin_level,PCode,Name,name_fr_or_ar,parent_pcode,comment\r\n"
        "0,XX,Xland,,,\r\n"
        "\r\n"
        '1,XX01,"North, Upper",Nord,XX,checked\r\n'
    ).encode()

    result = areas_import(actor=None, content=content)

    assert (result.created, result.updated) == (2, 0)
    assert Area.objects.get(pcode="XX01").name == "North, Upper"


VALID = HEADER + "XX,Xland,,,0\nXX01,North,Nord,XX,1\n"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        pytest.param(b"", "Line 1: the file is empty.", id="empty file"),
        pytest.param(HEADER, "Line 2: the file has no areas.", id="header only"),
        pytest.param(
            "pcode,name,name_fr_or_ar,parent_pcode\nXX,Xland,,\n",
            "Line 1: missing columns: admin_level.",
            id="missing column",
        ),
        pytest.param(
            VALID + "XX02,South,Sud,XX,one\n", "Line 4: admin level must be a number from 0 to 5.", id="level"
        ),
        pytest.param(
            VALID + "XX02,South,Sud,XX,6\n", "Line 4: admin level must be a number from 0 to 5.", id="level 6"
        ),
        pytest.param(VALID + "XX02,South,Sud,XX,-1\n", "Line 4: admin level must be a number from 0 to 5.", id="neg"),
        pytest.param(VALID + "XX02,South,Sud,ZZ,1\n", "Line 4: parent ZZ is unknown", id="unknown parent"),
        pytest.param(
            HEADER + "XX,Xland,,,0\nXX0101,Town,,XX01,2\nXX01,North,,XX,1\n",
            "Line 3: parent XX01 is unknown (parents must come before their children).",
            id="child before parent",
        ),
        pytest.param(
            VALID + "XX02,South,Sud,XX,1\nXX01,North again,,XX,1\n",
            "Line 5: p-code XX01 already appears on line 3.",
            id="duplicate p-code",
        ),
        pytest.param(VALID + "XX02,  ,Sud,XX,1\n", "Line 4: the name is missing", id="empty name"),
        pytest.param(VALID + f"XX02,{'n' * 121},,XX,1\n", "Line 4: the name is missing or longer", id="long name"),
        pytest.param(
            VALID.encode() + "XX02,Ségou,,XX,1\n".encode("latin-1"),
            "Line 4: the file is not UTF-8 text.",
            id="not UTF-8",
        ),
        pytest.param(VALID + "XX02,South,XX\n", "Line 4: expected 5 columns, found 3.", id="short row"),
        pytest.param(VALID + "XX 02,South,,XX,1\n", "Line 4: p-code 'XX 02' is not valid", id="bad p-code"),
        pytest.param(VALID + ",South,,XX,1\n", "Line 4: p-code '' is not valid", id="no p-code"),
        pytest.param(VALID + "YY,Yland,,XX,0\n", "Line 4: a level-0 area (country) has no parent.", id="country"),
        pytest.param(VALID + "XX02,South,,,1\n", "Line 4: an area below level 0 needs a parent p-code.", id="orphan"),
        pytest.param(
            VALID + "XX02,South,,XX01,1\n", "Line 4: the parent's level must be above the area's level.", id="level"
        ),
        pytest.param(VALID + "XX02,South,,XX02,2\n", "Line 4: parent XX02 is unknown", id="own parent"),
        pytest.param(
            HEADER + 'XX,"Xland\nsecond line",,,0\nXX01,North,,XX,1\nXX02,South,,XX,9\n',
            "Line 5: admin level must be a number from 0 to 5.",
            id="line count across a quoted line break",
        ),
    ],
)
def test_it_names_the_bad_line_and_imports_nothing(content, error):
    areas_import(actor=None, content=MALI.read_bytes())
    before, audited = _state(), AuditEvent.objects.count()

    with pytest.raises(AreaImportError) as failure:
        areas_import(actor=None, content=content)

    assert error in failure.value.message
    assert _state() == before
    assert AuditEvent.objects.count() == audited


def test_it_names_the_line_that_would_leave_existing_children_under_a_lower_parent():
    areas_import(actor=None, content=MALI.read_bytes())
    before = _state()

    with pytest.raises(AreaImportError) as failure:
        areas_import(actor=None, content=HEADER + "ML09,Bamako,,MLI,1\nML01,Kayes,,MLI,2\n")

    assert failure.value.message.startswith("Line 3: the level must stay above that of ML0101")
    assert failure.value.line == 3
    assert _state() == before


def test_it_names_the_line_whose_parent_would_end_below_it():
    areas_import(actor=None, content=MALI.read_bytes())
    before = _state()

    with pytest.raises(AreaImportError) as failure:
        # ML0101 stays under ML01, but the same file moves ML01 down to level 3.
        areas_import(actor=None, content=HEADER + "ML0101,Bafoulabe,,ML01,2\nML01,Kayes,,MLI,3\n")

    assert failure.value.message == "Line 2: the parent's level must be above the area's level."
    assert _state() == before
