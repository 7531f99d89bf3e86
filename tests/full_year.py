"""A full year as published: 7 国際 and 40 地域 zones with long names, field:, designation: and number:."""

from __future__ import annotations

from typing import Any

from .conftest import zone_record

FIELDS = ["ライフイノベーション", "グリーンイノベーション", "観光", "農林水産業", "防災・減災", "次世代産業の創出"]
LONG_NAMES = [
    "北海道フード・コンプレックス国際戦略総合特区",
    "みやぎ次世代医療産業創出・地域活性化総合特区",
    "とかち・十勝バイオマス産業都市構想推進総合特区",
    "せとうち海の道観光振興総合特区",
]


def full_year_zones() -> list[dict[str, Any]]:
    """47 zones in file order; their scores vary so that the list's order differs from file order."""
    zones = []
    for i in range(47):
        international = i < 7
        zones.append(zone_record(
            f"{LONG_NAMES[i % 4]}{i + 1}",
            category="international" if international else "local",
            field=FIELDS[i % 6],
            designation=1 + i % 4,
            number=i + 1 if international else i - 6,
            scores={"I": 3 + (i * 7 % 20) / 10, "II": 3 + (i * 3 % 20) / 10, "III": 3 + (i * 11 % 20) / 10},
        ))
    return zones
