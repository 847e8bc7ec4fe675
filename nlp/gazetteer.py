"""Vietnamese administrative units from the vietnamadminunits package.

The package's legacy tables (63 provinces with their districts and communes, the units in force
before the 1 July 2025 merger) are indexed by folded short name, so that a unit named alone in
an article ("xã Ia Sao") can be looked up and narrowed by the districts and provinces the
article names. The unit after the merger comes from the package's `convert_address`.
Everything is loaded once per process and cached: after a unit's first conversion (≈ 1-6 ms,
the package compiles its patterns), a page costs dictionary look-ups only."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlsplit

from nlp.normalize import fold, normalize

PROVINCE, DISTRICT, COMMUNE = "tỉnh", "huyện", "xã"  # the three tiers of the legacy units
# Level words of the text -> the unit types (folded) they may name, each with its tier.
LEVEL_TYPES: dict[str, tuple[tuple[str, str], ...]] = {
    "tỉnh": ((PROVINCE, "tinh"),),
    "thành phố": ((PROVINCE, "thanh pho"), (DISTRICT, "thanh pho")),
    "huyện": ((DISTRICT, "huyen"),),
    "quận": ((DISTRICT, "quan"),),
    "thị xã": ((DISTRICT, "thi xa"),),
    "xã": ((COMMUNE, "xa"),),
    "phường": ((COMMUNE, "phuong"),),
    "thị trấn": ((COMMUNE, "thi tran"),),
}


@dataclass(frozen=True)
class Unit:
    """One legacy unit: its tier, type, short name, code, where it lies and where it is."""

    tier: str  # tỉnh | huyện | xã
    type: str  # folded: "tinh", "thanh pho", "huyen", "thi xa", "xa", "phuong", "thi tran", …
    name: str  # short name: "Ia Sao"
    code: str
    province: str  # short province name: "Gia Lai"
    district: str | None  # code of the district, for communes (short names repeat: the
    # town and the district of Kỳ Anh are both "Kỳ Anh", Hà Tĩnh)
    lat: float | None
    lon: float | None
    address: str  # full legacy address: "Xã Ia Sao, Huyện Ia Grai, Tỉnh Gia Lai"
    key: str = ""  # the package's "province_district_ward" key: "tinhgialai_huyeniagrai_xaiasao"

    def within(self, other: Unit) -> bool:
        """This unit is `other` or lies inside it."""
        if other.tier == PROVINCE:
            return self.province == other.province
        if other.tier == DISTRICT:
            return self.district == other.code
        return self == other


@cache
def legacy_tables():
    """The package's legacy parser tables (loaded with the package, ≈ 1 s once)."""
    from vietnamadminunits.parser import parser_legacy

    return parser_legacy


@cache
def index() -> dict[str, tuple[Unit, ...]]:
    """Every legacy unit by its folded short name."""
    found: dict[str, list[Unit]] = {}
    for unit in all_units():
        found.setdefault(fold(unit.name), []).append(unit)
    return {name: tuple(units) for name, units in found.items()}


def _unit(
    tier: str, row: dict, prefix: str, province: str, district: str | None, address: str, key: str
) -> Unit:
    """A district or ward row of the package's tables: its columns are `<prefix>Type`, …"""
    kind, name, code = (row[prefix + column] for column in ("Type", "Short", "Code"))
    lat, lon = row[prefix + "Lat"], row[prefix + "Lon"]
    return Unit(tier, fold(kind), name, code, province, district, lat, lon, address, key)


def all_units():
    tables = legacy_tables()
    ward_tables = (
        tables.DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED,
        tables.DICT_PROVINCE_DISTRICT_WARD_ACCENTED,
        tables.DICT_PROVINCE_DISTRICT_WARD_SHORT_ACCENTED,
    )
    for key, p in tables.DICT_PROVINCE.items():
        short = p["provinceShort"]
        kind = fold(p["province"][: -len(short)])
        yield Unit(
            PROVINCE,
            kind,
            short,
            p["provinceCode"],
            short,
            None,
            p["provinceLat"],
            p["provinceLon"],
            p["province"],
        )
        for district_key, d in tables.DICT_PROVINCE_DISTRICT.get(key, {}).items():
            district_address = f"{d['district']}, {p['province']}"
            yield _unit(DISTRICT, d, "district", short, None, district_address,
                        f"{key}_{district_key}_")  # fmt: skip
            seen: set[str] = set()  # island districts have one ward row of NaNs
            for table in ward_tables:
                for ward_key, w in (table.get(key, {}).get(district_key) or {}).items():
                    if isinstance(w["wardShort"], str) and w["wardCode"] not in seen:
                        seen.add(w["wardCode"])
                        address = f"{w['ward']}, {district_address}"
                        yield _unit(COMMUNE, w, "ward", short, d["districtCode"], address,
                                    f"{key}_{district_key}_{ward_key}")  # fmt: skip


@lru_cache(maxsize=8192)
def candidates(level: str, name: str) -> tuple[Unit, ...]:
    """Units of this level word ("xã", "thành phố", …) with this name, any province; else
    units of its tier: the text may predate an upgrade ("thị xã Từ Sơn", a city since 2021).
    Names that differ only by marks ("Sa Pa", "Sa Pả") are told apart when the text has them."""
    kinds = LEVEL_TYPES.get(level, ())
    named = index().get(fold(name), ())
    found = tuple(u for u in named if (u.tier, u.type) in kinds)
    if not found:
        tiers = {tier for tier, _ in kinds}
        found = tuple(u for u in named if u.tier in tiers)
    exact = tuple(u for u in found if normalize(u.name).lower() == normalize(name).lower())
    return exact or found


def host_hints(url: str) -> tuple[Unit, ...]:
    """The province (and district) a government host names: `<province>.gov.vn` and its
    subdomains, `<district>.<province>.gov.vn`, each label matched against the folded names."""
    labels = (urlsplit(url).hostname or "").lower().split(".")
    if labels[-2:] != ["gov", "vn"] or len(labels) < 3:
        return ()
    province = slug_unit(labels[-3], PROVINCE, None)
    if province is None:
        return ()
    district = slug_unit(labels[-4], DISTRICT, province.province) if len(labels) >= 4 else None
    return (province,) if district is None else (province, district)


@lru_cache(maxsize=1024)
def slug_unit(slug: str, tier: str, province: str | None) -> Unit | None:
    found = [
        u
        for u in units_by_slug().get(slug, ())
        if u.tier == tier and (province is None or u.province == province)
    ]
    return found[0] if len(found) == 1 else None


@cache
def units_by_slug() -> dict[str, tuple[Unit, ...]]:
    found: dict[str, list[Unit]] = {}
    for units in index().values():
        for unit in units:
            if unit.tier != COMMUNE:
                found.setdefault(fold(unit.name).replace(" ", ""), []).append(unit)
    return {slug: tuple(units) for slug, units in found.items()}


@lru_cache(maxsize=8192)
def merged_unit(unit: Unit) -> tuple[str, str] | None:
    """(name, code) of the unit that holds this legacy unit since the 2025 merger: the new
    commune for a commune, the new province for a district or province."""
    from vietnamadminunits import convert_address

    try:
        if needs_geocoding(unit):
            return None  # never the network from nlp/
        new = convert_address(unit.address)
    except Exception:  # the package raises assorted errors on units it cannot convert
        return None
    if unit.tier == COMMUNE:
        return (new.short_ward, new.ward_code) if new.ward_code else None
    return (new.short_province, new.province_code) if new.province_code else None


def needs_geocoding(unit: Unit) -> bool:
    """The package's converter geocodes online (ArcGIS) to place a unit split in 2025 when
    its address has a street; a few of its own addresses ("Phường Sa Pả, …") read as one."""
    from vietnamadminunits import parse_address

    if unit.key not in split_keys():
        return False
    return bool(parse_address(unit.address, mode="LEGACY", keep_street=True).street)


@cache
def split_keys() -> frozenset[str]:
    """Keys of the legacy units the 2025 merger split between several new ones."""
    from vietnamadminunits.converter.converter_2025 import DICT_PROVINCE_WARD_DIVIDED

    return frozenset(key for split in DICT_PROVINCE_WARD_DIVIDED.values() for key in split)
