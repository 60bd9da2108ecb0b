"""Reading sources: every bad row counted with its line, columns mapped, resumable."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from pymongo.asynchronous.database import AsyncDatabase

from shared.backfill.params import BackfillParams, CsvSource, JsonLinesSource, MongoSource
from shared.backfill.sources import csv_rows, jsonl_rows, mongo_rows
from shared.errors import InvalidInputError
from shared.mongo import Document


def test_jsonl_rows_number_lines_and_name_the_field_at_fault(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"product_id": "A-1", "title": "Red Silk Saree"}\n'
        "\n"  # blank: not a row
        '{"product_id": "A 2", "title": "spaces in the id"}\n'
        "not json\n"
        '{"product_id": "A-3", "title": "Kurta", "vendor_specs": {"Colour": "x\\u0000"}}\n'
        '{"product_id": "A-4", "title": "Blue Kurta", "vendor_specs": {"Sleeve": 3.5}}\n'
    )
    rows = list(jsonl_rows(JsonLinesSource(path=str(path))))
    assert [r.number for r in rows] == [1, 3, 4, 5, 6]
    assert [r.error is None for r in rows] == [True, False, False, False, True]
    assert rows[1].error is not None
    assert rows[1].error.startswith("product_id:")
    assert rows[2].error is not None
    assert rows[2].error.startswith("row: not JSON")
    assert rows[3].error is not None
    assert "vendor_specs.Colour" in rows[3].error
    assert rows[4].product is not None
    assert rows[4].product.vendor_specs == {"Sleeve": "3.5"}
    # Resuming after line 4 reads only what follows.
    assert [r.number for r in jsonl_rows(JsonLinesSource(path=str(path)), after=4)] == [5, 6]


def test_csv_columns_map_to_fields_and_the_rest_are_vendor_specs(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "SKU,Name,Type,Colour,Fabric,Images\n"
        'K-1,"Straight Kurta, Mustard",kurta,Mustard,Cotton,https://x/1.jpg|https://x/2.jpg\n'
        ",No id,kurta,Red,,\n"
        'K-3,"A title\nover two lines",kurta,Blue,Silk,\n'
        "K-4,short row\n"
    )
    source = CsvSource(
        path=str(path),
        columns={
            "product_id": "SKU",
            "title": "Name",
            "product_type": "Type",
            "image_urls": "Images",
        },
    )
    rows = list(csv_rows(source))
    assert [r.number for r in rows] == [2, 3, 4, 6]
    first = rows[0].product
    assert first is not None
    assert first.title == "Straight Kurta, Mustard"
    assert first.vendor_specs == {"Colour": "Mustard", "Fabric": "Cotton"}
    assert first.image_urls == ["https://x/1.jpg", "https://x/2.jpg"]
    assert rows[1].error is not None
    assert rows[1].error.startswith("product_id:")
    assert rows[2].product is not None
    assert rows[2].product.title == "A title\nover two lines"
    assert rows[3].error == "row: 2 cells, the header has 6"


def test_csv_mapping_to_a_missing_column_names_it(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,title\n1,x\n")
    source = CsvSource(path=str(path), columns={"product_id": "SKU"})
    with pytest.raises(InvalidInputError, match="SKU") as caught:
        list(csv_rows(source))
    assert caught.value.field == "source.columns"


def test_params_name_the_field_at_fault() -> None:
    with pytest.raises(ValidationError, match="chunk_size"):
        BackfillParams.model_validate({"source": {"kind": "jsonl", "path": "x"}, "chunk_size": 0})
    with pytest.raises(ValidationError, match="source"):
        BackfillParams.model_validate({"source": {"kind": "xml", "path": "x"}})
    with pytest.raises(ValidationError, match="colour"):
        CsvSource(path="x", columns={"colour": "Colour"})
    with pytest.raises(InvalidInputError, match="no such file"):
        list(jsonl_rows(JsonLinesSource(path="/nonexistent/file.jsonl")))


async def test_mongo_rows_resume_after_the_last_id(mongo_db: AsyncDatabase[Document]) -> None:
    await mongo_db["raw"].insert_many(
        [
            {"_id": "P-1", "title": "Red Saree", "seller": "s1"},
            {"_id": "P-2", "title": "", "seller": "s1"},
            {"_id": "P-3", "title": "Blue Kurta", "seller": "s1"},
            {"_id": "P-4", "title": "Other seller", "seller": "s2"},
        ]
    )
    source = MongoSource(collection="raw", filter={"seller": "s1"})
    rows = [r async for r in mongo_rows(mongo_db, source)]
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[0].product is not None
    assert rows[0].product.product_id == "P-1"
    assert rows[1].error is not None
    assert rows[1].error.startswith("title:")
    rest = [r async for r in mongo_rows(mongo_db, source, after=rows[0].position)]
    assert [r.position for r in rest] == [[2, "P-2"], [3, "P-3"]]
