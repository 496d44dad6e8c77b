"""A hostile copy of the sample article: its text carries every payload, its keys and context pack still resolve.

The sample article's paragraphs are kept (so every key item of lessons 1-3
still resolves to the same words), the title, author and outlet carry
payloads, and one paragraph per payload is appended. Keys and the context
pack are copied with the article id changed. Used by the widget tests and the
browser test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.hostile.cases import PAYLOADS

SOURCE = "aleppo-2016"
HOSTILE = "hostile-aleppo"


def payload_paragraphs() -> list[str]:
    return [f"Payload {n}: {p} Officials slammed the report." for n, p in enumerate(PAYLOADS, 1)]


def make_hostile_article(datasets: Path, article_id: str = HOSTILE) -> dict:
    """Write ``article_id`` (article, every key, context pack) into the datasets folder ``datasets``."""
    data = json.loads((datasets / "articles" / f"{SOURCE}.json").read_text(encoding="utf-8"))
    data["id"] = article_id
    data["kind"] = "imported"
    data["title"] = f"{data['title']} {PAYLOADS[0]} report"  # keeps the words the key's headline items point to
    data["author"] = f"Reporter {PAYLOADS[1]}"
    data["outlet"] = f"Outlet {PAYLOADS[2]}"
    data["attribution"] = f"Attribution {PAYLOADS[4]} {PAYLOADS[3]}"
    data.pop("split", None)
    data["paragraphs"] = list(data["paragraphs"]) + payload_paragraphs()
    (datasets / "articles" / f"{article_id}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    keys = datasets / "keys" / article_id
    if keys.exists():
        shutil.rmtree(keys)
    keys.mkdir(parents=True)
    for key in (datasets / "keys" / SOURCE).glob("*.json"):
        k = json.loads(key.read_text(encoding="utf-8"))
        k["article"] = article_id
        (keys / key.name).write_text(json.dumps(k, ensure_ascii=False, indent=1), encoding="utf-8")
    pack = datasets / "context" / f"{SOURCE}.json"
    if pack.exists():
        p = json.loads(pack.read_text(encoding="utf-8"))
        p["article"] = article_id
        (datasets / "context" / f"{article_id}.json").write_text(json.dumps(p, ensure_ascii=False, indent=1), encoding="utf-8")
    return data
