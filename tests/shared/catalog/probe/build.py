"""Build the marketplace spec-sheet probe: invented listings with their gold labels.

Run ``python -m tests.shared.catalog.probe.build`` to rewrite ``marketplace.jsonl``
(normalize mode: vendor specs + text, gold from the specs) and
``marketplace_text.jsonl`` (extract mode: the same products without specs, gold only
for what the title and description say).

Every listing is invented from how Indian marketplaces (Myntra, AJIO, Flipkart, Meesho)
lay out spec sheets and product copy: sets with part-labelled keys (Top Fabric, Bottom
Pattern, Dupatta Border), qualifier keys (Fabric Purity, Fabric 2, Weave Pattern,
Pattern Coverage), "NA" values, Myntra's "Kurta design:" / "Dupatta Design:" bullet
sections and the "machine weave fabric" line. Written before the engine was changed
for issue 13; no dev row was looked at. Seeded, so the files are reproducible.
"""

# ruff: noqa: C901  # one function renders one listing, in the order a seller writes it
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
NA = ["NA", "N/A", "None", "Not Applicable", "-"]

COLOURS = [
    ("Navy Blue", "navy_blue"),
    ("Maroon", "maroon"),
    ("Mustard", "mustard"),
    ("Pink", "pink"),
    ("Green", "green"),
    ("Off White", "off_white"),
    ("Teal", "teal"),
    ("Yellow", "yellow"),
    ("Black", "black"),
    ("Blue", "blue"),
    ("Red", "red"),
    ("Peach", "peach"),
    ("Lavender", "lavender"),
    ("White", "white"),
    ("Rust", "rust"),
    ("Magenta", "magenta"),
    ("Sea Green", "sea_green"),
    ("Beige", "beige"),
    ("Purple", "purple"),
    ("Orange", "orange"),
]
BRANDS = [
    "Rangrez Studio",
    "Suta Loom",
    "Kashvi Creations",
    "Nayo Fab",
    "Tikli Tales",
    "Amrapali Weaves",
    "Mulmul House",
    "Saanjh",
    "Jaipur Kurti Co",
    "Vastrakala",
    "Ojas",
    "Meher Handlooms",
    "Bunkar Kosh",
    "Chhavi",
    "Riwaaz",
]

# (spec "Fabric", spec "Fabric Purity" or None, gold code, words in copy)
KURTA_FABRICS = [
    ("Cotton", "Pure", "pure_cotton", "Pure cotton"),
    ("Cotton", "Blended", "cotton_blend", "Cotton blend"),
    ("Cotton", None, "cotton", "Cotton"),
    ("Viscose Rayon", None, "viscose_rayon", "Viscose rayon"),
    ("Rayon", None, "rayon", "Rayon"),
    ("Silk", "Blended", "silk_blend", "Silk blend"),
    ("Silk", "Pure", "pure_silk", "Pure silk"),
    ("Georgette", None, "georgette", "Georgette"),
    ("Linen", "Blended", "linen_blend", "Linen blend"),
    ("Chanderi", None, "chanderi", "Chanderi"),
    ("Crepe", None, "crepe", "Crepe"),
    ("Silk", None, "silk", "Silk"),
    ("Georgette", "Pure", "pure_georgette", "Pure georgette"),
]
SAREE_FABRICS = [
    ("Silk", "Blended", "silk_blend", "Silk blend"),
    ("Silk", "Pure", "pure_silk", "Pure silk"),
    ("Art Silk", None, "art_silk", "Art silk"),
    ("Cotton", "Pure", "pure_cotton", "Pure cotton"),
    ("Georgette", None, "georgette", "Georgette"),
    ("Georgette", "Pure", "pure_georgette", "Pure georgette"),
    ("Chiffon", None, "chiffon", "Chiffon"),
    ("Organza", None, "organza", "Organza"),
    ("Linen", "Blended", "linen_blend", "Linen blend"),
    ("Cotton", "Blended", "cotton_blend", "Cotton blend"),
    ("Crepe", "Pure", "pure_crepe", "Pure crepe"),
    ("Silk", None, "silk", "Silk"),
    ("Tissue", None, "tissue", "Tissue"),
]
DUPATTA_FABRICS = [
    ("Chiffon", None, "chiffon", "Chiffon"),
    ("Cotton", "Pure", "pure_cotton", "Pure cotton"),
    ("Net", None, "net", "Net"),
    ("Georgette", None, "georgette", "Georgette"),
    ("Silk", "Blended", "silk_blend", "Silk blend"),
    ("Chanderi", None, "chanderi", "Chanderi"),
    ("Organza", None, "organza", "Organza"),
    ("Art Silk", None, "art_silk", "Art silk"),
    ("Cotton", None, "cotton", "Cotton"),
    ("Velvet", None, "velvet", "Velvet"),
]
# (spec Pattern, gold pattern, spec Print or Pattern Type or None, gold print type, copy line)
KURTA_PATTERNS = [
    ("Printed", ["printed"], "Ethnic Motifs", ["ethnic_motifs"], "Ethnic motifs printed"),
    ("Printed", ["printed"], "Floral", ["floral"], "Floral printed"),
    ("Printed", ["printed"], "Geometric", ["geometric"], "Geometric printed"),
    ("Embroidered", ["embroidered"], "Floral", ["floral"], "Floral embroidered"),
    (
        "Embroidered",
        ["embroidered"],
        "Ethnic Motifs",
        ["ethnic_motifs"],
        "Ethnic motifs embroidered",
    ),
    ("Solid", ["solid"], "Solid", ["solid"], "Solid"),
    (
        "Woven Design",
        ["woven_design"],
        "Ethnic Motifs",
        ["ethnic_motifs"],
        "Ethnic motifs woven design",
    ),
    (
        "Yoke Design",
        ["yoke_design"],
        "Ethnic Motifs",
        ["ethnic_motifs"],
        "Yoke design with ethnic motifs",
    ),
    ("Printed", ["printed"], "Bandhani", ["bandhani"], "Bandhani printed"),
    ("Printed", ["printed"], "Leheriya", ["leheriya"], "Leheriya printed"),
    ("Striped", ["striped"], "Striped", ["striped"], "Striped"),
    ("Printed", ["printed"], "Paisley", ["paisley"], "Paisley printed"),
    ("Dyed", ["dyed"], "Tie and Dye", ["tie_and_dye"], "Tie and dye dyed"),
    ("Printed", ["printed"], "Abstract", ["abstract"], "Abstract printed"),
]
SAREE_PATTERNS = [
    (
        "Woven Design",
        ["woven_design"],
        "Ethnic Motifs",
        ["ethnic_motifs"],
        "Ethnic motifs woven design",
    ),
    ("Printed", ["printed"], "Floral", ["floral"], "Floral printed"),
    ("Embellished", ["embellished"], None, [], "Embellished"),
    ("Solid", ["solid"], None, [], "Solid"),
    ("Printed", ["printed"], "Bandhani", ["bandhani"], "Bandhani printed"),
    ("Embroidered", ["embroidered"], "Floral", ["floral"], "Floral embroidered"),
    ("Woven Design", ["woven_design"], "Paisley", ["paisley"], "Paisley woven design"),
    ("Printed", ["printed"], "Leheriya", ["leheriya"], "Leheriya printed"),
    ("Printed", ["printed"], "Geometric", ["geometric"], "Geometric printed"),
    ("Woven Design", ["woven_design"], None, [], "Woven design"),
]
DUPATTA_PATTERNS = [
    ("Printed", ["printed"], "Bandhani", ["bandhani"], "Bandhani printed"),
    ("Embroidered", ["embroidered"], "Floral", ["floral"], "Floral embroidered"),
    ("Printed", ["printed"], "Ethnic Motifs", ["ethnic_motifs"], "Ethnic motifs printed"),
    ("Solid", ["solid"], None, [], "Solid"),
    (
        "Woven Design",
        ["woven_design"],
        "Ethnic Motifs",
        ["ethnic_motifs"],
        "Ethnic motifs woven design",
    ),
    ("Printed", ["printed"], "Leheriya", ["leheriya"], "Leheriya printed"),
    ("Embellished", ["embellished"], None, [], "Embellished"),
    ("Dyed", ["dyed"], "Tie and Dye", ["tie_and_dye"], "Tie and dye"),
]
# (spec Ornamentation, gold, copy line or None)
ORNAMENTS = [
    ("NA", ["none"], None),
    ("Sequinned", ["sequinned"], "Sequinned detail"),
    ("Mirror Work", ["mirror_work"], "Mirror work detail"),
    ("Gotta Patti", ["gotta_patti"], "Gotta patti detail"),
    ("Zari", ["zari"], "Zari detail"),
    ("Thread Work", ["embroidered"], "Thread work detail"),
    ("Beads and Stones", ["beads_and_stones"], "Beads and stones detail"),
    ("None", ["none"], None),
    ("Not Applicable", ["none"], None),
    ("Chikankari", ["chikankari"], "Chikankari detail"),
]
SHAPES = [
    ("Straight", "straight"),
    ("A-Line", "a_line"),
    ("Anarkali", "anarkali"),
    ("Kaftan", "kaftan"),
    ("Flared", "flared"),
]
STYLINGS = [
    ("Regular", "regular"),
    ("Angrakha", "angrakha"),
    ("Empire", "empire"),
    ("Tiered", "tiered"),
    ("Panelled", "panelled"),
    ("Pleated", "pleated"),
    ("Layered", "layered"),
    ("Gathered", "gathered"),
]
HEMS = [
    ("Straight", "straight"),
    ("Curved", "curved"),
    ("Flared", "flared"),
    ("High-Low", "high_low"),
    ("Asymmetric", "asymmetric"),
]
LENGTHS = [
    ("Calf Length", "calf_length"),
    ("Knee Length", "knee_length"),
    ("Ankle Length", "ankle_length"),
]
NECKS = [
    ("Round Neck", "round_neck"),
    ("V-Neck", "v_neck"),
    ("Mandarin Collar", "mandarin_collar"),
    ("Keyhole Neck", "keyhole_neck"),
    ("Sweetheart Neck", "sweetheart_neck"),
    ("Square Neck", "square_neck"),
    ("Boat Neck", "boat_neck"),
]
SLEEVES = [
    ("Three-Quarter Sleeves", "three_quarter_sleeves", "three-quarter"),
    ("Short Sleeves", "short_sleeves", "short"),
    ("Long Sleeves", "long_sleeves", "long"),
    ("Sleeveless", "sleeveless", None),
]
SLEEVE_STYLES = [
    ("Regular Sleeves", "regular", "regular"),
    ("Puff Sleeves", "puff", "puff"),
    ("Bell Sleeves", "bell", "bell"),
    ("Flared Sleeves", "flared", "flared"),
    ("Cuffed Sleeves", "cuffed", "cuffed"),
    ("Roll-Up Sleeves", "roll_up", "roll-up"),
]
BOTTOMS = [
    ("Palazzos", "palazzos"),
    ("Trousers", "trousers"),
    ("Churidar", "churidar"),
    ("Salwar", "salwar"),
    ("Sharara", "sharara"),
    ("Pyjamas", "pyjamas"),
]
DUPATTA_BORDERS = [
    ("Tasselled", "tasselled", "tasselled border"),
    ("Lace", "lace", "lace border"),
    ("Gotta Patti", "gotta_patti", "gotta patti border"),
    ("Zari", "zari", "zari border"),
    ("Solid", "solid", "solid border"),
    ("Embroidered", "embroidered", "embroidered border"),
    ("Printed", "printed", "printed border"),
]
SAREE_BORDERS = [
    ("Zari", "zari", "zari border"),
    ("Woven Design", "woven_design", "woven design border"),
    ("Solid", "solid", "solid border"),
    ("Embroidered", "embroidered", "embroidered border"),
    ("Printed", "printed", "printed border"),
    ("Lace", "lace", "lace border"),
    ("Embellished", "embellished", "embellished border"),
    ("NA", "no_border", None),
    ("Scalloped", "scallop", "scalloped border"),
]
SAREE_TYPES = [
    ("Banarasi", "banarasi"),
    ("Kanjeevaram", "kanjeevaram"),
    ("Bandhani", "bandhani"),
    ("Leheriya", "leheriya"),
    ("Ikat", "ikat"),
    ("Kasavu", "kasavu"),
    ("Bollywood", "bollywood"),
    ("NA", "none"),
    ("Chanderi", "chanderi"),
    ("Not Applicable", "none"),
    ("Patola", "patola"),
]
OCCASIONS = [
    ("Daily", ["daily"], "daily wear"),
    ("Festive", ["festive"], "festive occasions"),
    ("Party", ["party"], "parties"),
    ("Work", ["work"], "office wear"),
    ("Traditional", ["traditional"], None),
]
CARES = [
    ("Machine Wash", ["machine_wash"], "Machine wash"),
    ("Hand Wash", ["hand_wash"], "Hand wash"),
    ("Dry Clean", ["dry_clean"], "Dry clean"),
]


def _kurta(rng: random.Random, index: int) -> dict[str, Any]:
    """A kurta or kurta set in Myntra's spec-sheet and product-details style."""
    colour, colour_code = rng.choice(COLOURS)
    fabric, purity, fabric_code, fabric_words = rng.choice(KURTA_FABRICS)
    pattern, pattern_gold, print_type, print_gold, pattern_line = rng.choice(KURTA_PATTERNS)
    ornament, ornament_gold, ornament_line = rng.choice(ORNAMENTS)
    shape, shape_code = rng.choice(SHAPES)
    styling, styling_code = rng.choice(STYLINGS)
    hem, hem_code = rng.choice(HEMS)
    length, length_code = rng.choice(LENGTHS)
    neck, neck_code = rng.choice(NECKS)
    sleeve, sleeve_code, sleeve_words = rng.choice(SLEEVES)
    style, style_code, style_words = rng.choice(SLEEVE_STYLES)
    occasion, occasion_gold, _ = rng.choice(OCCASIONS)
    care, care_gold, care_words = rng.choice(CARES)
    kind = rng.choice(["kurta", "bottom", "bottom_dupatta", "bottom_dupatta", "dupatta", "bottom"])
    bottom, bottom_word = rng.choice(BOTTOMS)
    bottom_pattern = rng.choice(["Solid", "Printed", "Solid"])
    dupatta_pattern = rng.choice(["Solid", "Printed", "Embroidered", "Woven Design"])
    border, _, border_words = rng.choice(DUPATTA_BORDERS)
    dupatta_fabric = rng.choice(["Chiffon", "Organza", "Net", "Cotton", "Poly Chiffon"])
    set_part = kind != "kurta"
    prefix = "Top " if set_part else ""
    specs: dict[str, str] = {
        f"{prefix}Shape": shape,
        f"{prefix}Pattern": pattern,
        f"{prefix}Design Styling": styling,
        f"{prefix}Hemline": hem,
        f"{prefix}Length": length,
        "Neck": neck,
        "Sleeve Length": sleeve,
        f"{prefix}Fabric": fabric,
        "Ornamentation": ornament,
        "Weave Pattern": "Regular",
        "Weave Type": "Machine Weave",
        "Pattern Coverage": rng.choice(["Large", "Small", "Medium", "Placement"]),
        "Occasion": occasion,
        "Wash Care": care,
        "Colour": colour,
        "Transparency": "Opaque",
    }
    gold: dict[str, Any] = {
        "primary_color": colour_code,
        "fabric": fabric_code,
        "pattern": pattern_gold,
        "ornamentation": ornament_gold,
        "shape": shape_code,
        "design_styling": styling_code,
        "hemline": hem_code,
        "kurta_length": length_code,
        "neck": neck_code,
        "sleeve_length": sleeve_code,
        "occasion": occasion_gold,
        "wash_care": care_gold,
    }
    if print_type:
        specs["Print or Pattern Type"] = print_type
        gold["print_or_pattern_type"] = print_gold
    if purity:
        specs["Fabric Purity"] = purity
    if rng.random() < 0.25:
        specs["Fabric 2"] = rng.choice(["Viscose Rayon", "Polyester", "Net", "Cotton"])
    if sleeve_words:
        specs["Sleeve Styling"] = style
        gold["sleeve_styling"] = style_code
    else:
        specs["Sleeve Styling"] = rng.choice(NA)
    slit = rng.choice(["Side Slits", "NA", None])
    if slit == "Side Slits":
        specs["Slit Detail"] = slit
        gold["slit_detail"] = "side_slits"
    elif slit:
        specs["Slit Detail"] = slit
    if set_part:
        specs["Top Type"] = "Kurta"
        specs["Number of Items"] = "3" if kind == "bottom_dupatta" else "2"
    if kind in ("bottom", "bottom_dupatta"):
        specs.update(
            {
                "Bottom Type": bottom,
                "Bottom Pattern": bottom_pattern,
                "Bottom Fabric": rng.choice([fabric, "Cotton", "Viscose Rayon"]),
                "Bottom Closure": rng.choice(["Drawstring", "Elasticated", "Slip-On"]),
            }
        )
    if kind in ("dupatta", "bottom_dupatta"):
        specs.update(
            {
                "Dupatta": "With Dupatta",
                "Dupatta Fabric": dupatta_fabric,
                "Dupatta Pattern": dupatta_pattern,
                "Dupatta Border": border,
            }
        )
    elif set_part:
        specs["Dupatta"] = rng.choice(["Without Dupatta", "NA"])
    gold["set_contents"] = {
        "kurta": "kurta_only",
        "bottom": "kurta_with_bottom",
        "bottom_dupatta": "kurta_with_bottom_and_dupatta",
        "dupatta": "kurta_with_dupatta",
    }[kind]
    if kind == "kurta":
        del gold["set_contents"]  # a single kurta's sheet says nothing about a set
    # Title, Myntra style.
    pattern_title = pattern_line if pattern != "Yoke Design" else "Yoke Design"
    set_title = {
        "kurta": "Kurta",
        "bottom": f"Kurta with {bottom}",
        "bottom_dupatta": f"Kurta with {bottom} & With Dupatta",
        "dupatta": "Kurta with Dupatta",
    }[kind]
    fabric_title = fabric_words.title() if rng.random() < 0.4 else ""
    title = " ".join(
        filter(
            None,
            [
                "Women",
                colour,
                pattern_title.title(),
                fabric_title,
                styling if styling != "Regular" else "Regular",
                set_title,
            ],
        )
    )
    text_gold: dict[str, Any] = {"primary_color": colour_code}
    # Product details with Myntra's sections.
    lines = [f"{colour} {pattern_line.lower()} {set_title.lower()}"]
    if set_part:
        lines.append("Kurta design:")
    bullet = "- " if rng.random() < 0.6 else ""
    body = [pattern_line, f"{shape} shape", f"{styling} style"]
    if sleeve_words:
        body.append(f"{neck}, {sleeve_words} {style_words} sleeves")
        text_gold["sleeve_styling"] = style_code
    else:
        body.append(f"{neck}, sleeveless")
    if ornament_line:
        body.append(ornament_line)
        text_gold["ornamentation"] = ornament_gold
    body.append(f"{length} with {hem.lower()} hem")
    if slit == "Side Slits":
        body.append("Side slits")
        text_gold["slit_detail"] = "side_slits"
    body.append(f"{fabric_words} machine weave fabric")
    lines += [bullet + line for line in body]
    if kind in ("bottom", "bottom_dupatta"):
        lines += [
            f"{bottom} design:",
            f"{bullet}{bottom_pattern} {bottom_word}"
            if rng.random() < 0.5
            else f"{bullet}{bottom_pattern}",
            f"{bullet}Elasticated waistband",
            f"{bullet}Slip-on closure",
        ]
    if kind in ("dupatta", "bottom_dupatta"):
        lines += [
            "Dupatta Design:",
            f"{bullet}{dupatta_pattern} dupatta"
            if rng.random() < 0.5
            else f"{bullet}{dupatta_pattern}",
            f"{bullet}{border_words.capitalize()}",
        ]
    lines += ["Size & Fit", "The model (height 5'8) is wearing a size S", "Material & Care"]
    if set_part:
        lines += [
            f"Top fabric: {fabric_words}",
            "Bottom fabric: Cotton" if kind != "dupatta" else f"Dupatta fabric: {dupatta_fabric}",
        ]
    else:
        lines.append(fabric_words)
    lines.append(care_words)
    text_gold.update(
        {
            "pattern": pattern_gold,
            "shape": shape_code,
            "design_styling": styling_code,
            "hemline": hem_code,
            "kurta_length": length_code,
            "neck": neck_code,
            "sleeve_length": sleeve_code,
            "wash_care": care_gold,
            "fabric": fabric_code,
        }
    )
    if print_gold:
        text_gold["print_or_pattern_type"] = print_gold
    if "set_contents" in gold:
        text_gold["set_contents"] = gold["set_contents"]
    return _row(
        f"probe:kurta:{index}", "kurta", title, "\n".join(lines), specs, gold, text_gold, rng
    )


def _saree(rng: random.Random, index: int) -> dict[str, Any]:
    """A saree in Myntra's or Meesho's sheet style."""
    colour, colour_code = rng.choice(COLOURS)
    fabric, purity, fabric_code, fabric_words = rng.choice(SAREE_FABRICS)
    pattern, pattern_gold, print_type, print_gold, pattern_line = rng.choice(SAREE_PATTERNS)
    ornament, ornament_gold, ornament_line = rng.choice(ORNAMENTS)
    border, border_code, border_words = rng.choice(SAREE_BORDERS)
    saree_type, type_code = rng.choice(SAREE_TYPES)
    occasion, occasion_gold, _ = rng.choice(OCCASIONS)
    blouse = rng.choice(["Running Blouse", "Blouse Piece", "Without Blouse"])
    blouse_fabric = rng.choice(["Art Silk", "NA", "Same as Saree", "Cotton"])
    meesho = rng.random() < 0.35
    specs: dict[str, str] = {
        "Saree Fabric": fabric,
        "Pattern": pattern,
        "Ornamentation": ornament,
        "Border": border,
        "Saree Type": saree_type,
        "Occasion": occasion,
        "Wash Care": "Dry Clean",
        "Colour": colour,
        "Weave Pattern": rng.choice(["Regular", "Jacquard"]),
        "Weave Type": rng.choice(["Machine Weave", "Handloom"]),
        "Blouse": blouse,
        "Transparency": rng.choice(["Opaque", "Sheer"]),
    }
    gold: dict[str, Any] = {
        "primary_color": colour_code,
        "fabric": fabric_code,
        "pattern": pattern_gold,
        "ornamentation": ornament_gold,
        "border": border_code,
        "saree_type": type_code,
        "occasion": occasion_gold,
        "wash_care": ["dry_clean"],
        "transparency": specs["Transparency"] == "Sheer",
    }
    if specs["Weave Type"] == "Handloom":
        gold["loom_type"] = "handloom"
    if purity:
        specs["Fabric Purity"] = purity
    if print_type:
        specs["Print or Pattern Type"] = print_type
        gold["print_or_pattern_type"] = print_gold
    gold["blouse_piece"] = {
        "Running Blouse": "unstitched_blouse_piece",
        "Blouse Piece": "unstitched_blouse_piece",
        "Without Blouse": "none",
    }[blouse]
    if blouse != "Without Blouse":
        specs["Blouse Fabric"] = blouse_fabric
        if blouse_fabric == "Art Silk":
            gold["blouse_fabric"] = "art_silk"
        elif blouse_fabric == "Cotton":
            gold["blouse_fabric"] = "cotton"
        elif blouse_fabric == "NA":
            gold["blouse_fabric"] = "none"
    if border_code != "no_border":
        specs["Border Width"] = rng.choice(["Small", "Big"])
        gold["border_width"] = specs["Border Width"].lower()
    if meesho:
        specs["Blouse Pattern"] = rng.choice(["Solid", "Printed", "Embroidered"])
        specs["Saree Length Size"] = "5.5 m"
        specs["Blouse Length Size"] = "0.8 m"
        gold["saree_length_m"] = 5.5
        gold["blouse_length_m"] = 0.8
    type_title = saree_type if type_code != "none" else ""
    title = " ".join(
        filter(None, [colour, pattern_line.title(), fabric_words.title(), type_title, "Saree"])
    )
    text_gold: dict[str, Any] = {
        "primary_color": colour_code,
        "fabric": fabric_code,
        "pattern": pattern_gold,
    }
    if print_gold:
        text_gold["print_or_pattern_type"] = print_gold
    if type_code != "none":
        text_gold["saree_type"] = type_code
    lines = [
        f"{colour} and gold-toned {pattern_line.lower()} saree"
        + (f" with {border_words}" if border_words else "")
    ]
    if border_words:
        text_gold["border"] = border_code
    if ornament_line:
        lines.append(f"Has {ornament_line.lower()}")
        text_gold["ornamentation"] = ornament_gold
    if blouse == "Without Blouse":
        lines.append("The saree does not come with a blouse piece")
    else:
        lines.append("The saree comes with an unstitched blouse piece")
        lines.append(
            "The blouse worn by the model might be for modelling purpose only. Check the "
            "image of the blouse piece to understand how the actual blouse piece looks like."
        )
        text_gold["blouse_piece"] = "unstitched_blouse_piece"
        if specs.get("Blouse Pattern"):
            lines.append(f"Blouse Pattern: {specs['Blouse Pattern']}")
    lines += ["Material & Care", f"{fabric_words}", "Dry clean"]
    text_gold["wash_care"] = ["dry_clean"]
    if meesho:
        lines.append("Saree Length Size: 5.5 m, Blouse Length Size: 0.8 m")
        text_gold["saree_length_m"] = 5.5
        text_gold["blouse_length_m"] = 0.8
    return _row(
        f"probe:saree:{index}", "saree", title, "\n".join(lines), specs, gold, text_gold, rng
    )


DUPATTA_SIZES = [
    ({"Length": "2.25 m", "Width": "0.9 m"}, "Length: 2.25 metres, Width: 0.9 metres", 2.25, 0.9),
    (
        {"Dupatta Length": "2.5 Mtr", "Dupatta Width": "1 Mtr"},
        "Length 2.5 meters, width 1 meter",
        2.5,
        1.0,
    ),
    ({"Length": "2.2 m"}, "Dupatta length: 2.2 m", 2.2, None),
    ({"Size": "2.25 m x 0.9 m"}, "Size: 2.25 m x 0.9 m", 2.25, 0.9),
    (
        {"Length": "90 inches", "Width": "36 inches"},
        "Measures 90 inches x 36 inches",
        2.286,
        0.9144,
    ),
    ({"Length": "250 cm", "Width": "110 cm"}, "Length 250 cm, Width 110 cm", 2.5, 1.1),
]


def _dupatta(rng: random.Random, index: int) -> dict[str, Any]:
    """A dupatta (stole, chunni) in Myntra's, Meesho's or Flipkart's style."""
    colour, colour_code = rng.choice(COLOURS)
    fabric, purity, fabric_code, fabric_words = rng.choice(DUPATTA_FABRICS)
    pattern, pattern_gold, print_type, print_gold, pattern_line = rng.choice(DUPATTA_PATTERNS)
    ornament, ornament_gold, ornament_line = rng.choice(ORNAMENTS)
    border, border_code, border_words = rng.choice([*DUPATTA_BORDERS, ("NA", "no_border", None)])
    occasion, occasion_gold, _ = rng.choice(OCCASIONS)
    care, care_gold, care_words = rng.choice(CARES)
    sizes, size_text, length, width = rng.choice(DUPATTA_SIZES)
    noun = rng.choice(["Dupatta", "Dupatta", "Stole", "Chunni"])
    weave = rng.choice(["Machine Weave", "Handloom"])
    specs: dict[str, str] = {
        "Fabric": fabric,
        "Pattern": pattern,
        "Ornamentation": ornament,
        "Border": border,
        "Occasion": occasion,
        "Wash Care": care,
        "Colour": colour,
        "Weave Type": weave,
        **sizes,
    }
    gold: dict[str, Any] = {
        "primary_color": colour_code,
        "fabric": fabric_code,
        "pattern": pattern_gold,
        "ornamentation": ornament_gold,
        "border": border_code,
        "occasion": occasion_gold,
        "wash_care": care_gold,
        "dupatta_length_m": length,
        "weave_type": "machine_weave" if weave == "Machine Weave" else "handloom",
    }
    if width:
        gold["dupatta_width_m"] = width
    if purity:
        specs["Fabric Purity"] = purity
    if print_type:
        specs["Print or Pattern Type"] = print_type
        gold["print_or_pattern_type"] = print_gold
    title = " ".join(
        filter(
            None,
            [
                "Women",
                colour,
                pattern_line.title(),
                fabric_words.title(),
                noun,
                f"with {border_words.title()}" if border_words else "",
            ],
        )
    )
    lines = [
        f"{colour} {pattern_line.lower()} {noun.lower()}"
        + (f" with {border_words}" if border_words else "")
    ]
    text_gold: dict[str, Any] = {
        "primary_color": colour_code,
        "fabric": fabric_code,
        "pattern": pattern_gold,
        "wash_care": care_gold,
        "dupatta_length_m": length,
    }
    if width:
        text_gold["dupatta_width_m"] = width
    if border_words:
        text_gold["border"] = border_code
    if print_gold:
        text_gold["print_or_pattern_type"] = print_gold
    if ornament_line:
        lines.append(f"Has {ornament_line.lower()}")
        text_gold["ornamentation"] = ornament_gold
    if weave == "Handloom":
        lines.append(f"Handloom {fabric_words.lower()} fabric")
        text_gold["weave_type"] = "handloom"
    else:
        lines.append(f"{fabric_words} machine weave fabric")
        text_gold["weave_type"] = "machine_weave"
    lines += [f"Size & Fit: {size_text}", "Material & Care", fabric_words, care_words]
    return _row(
        f"probe:dupatta:{index}", "dupatta", title, "\n".join(lines), specs, gold, text_gold, rng
    )


def _row(
    ident: str,
    product_type: str,
    title: str,
    description: str,
    specs: dict[str, str],
    gold: dict[str, Any],
    text_gold: dict[str, Any],
    rng: random.Random,
) -> dict[str, Any]:
    brand = rng.choice(BRANDS)
    return {
        "id": ident,
        "source": "invented_probe",
        "product_type": product_type,
        "input": {
            "title": f"{brand} {title}",
            "description": description,
            "brand": brand,
            "vendor_specs": specs,
        },
        "gold": gold,
        "text_gold": text_gold,
    }


def _hand(
    ident: str,
    product_type: str,
    title: str,
    description: str,
    specs: dict[str, str],
    gold: dict[str, Any],
    text_gold: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": f"probe:hand:{ident}",
        "source": "invented_probe",
        "product_type": product_type,
        "input": {"title": title, "description": description, "brand": None, "vendor_specs": specs},
        "gold": gold,
        "text_gold": text_gold,
    }


# Written by hand in Flipkart, Meesho, AJIO and small-seller styles.
HANDWRITTEN = [
    _hand(
        "1",
        "kurta",
        "Women Printed Viscose Rayon Straight Kurta With Palazzo And Dupatta (Blue)",
        "This beautiful set is woven from soft cotton yarn and hand block printed by artisans. "
        "Kurta comes with solid palazzo and a chiffon dupatta with tasselled border.",
        {
            "Type": "Kurta, Palazzo and Dupatta Set",
            "Top Fabric": "Viscose Rayon",
            "Bottom Type": "Palazzo",
            "Bottom Fabric": "Cotton",
            "Dupatta Included": "Yes",
            "Dupatta Fabric": "Chiffon",
            "Pattern": "Printed",
            "Color": "Blue",
            "Sleeve": "3/4 Sleeve",
            "Neck": "Round Neck",
            "Occasion": "Casual",
            "Fabric Care": "Hand wash",
        },
        {
            "set_contents": "kurta_with_bottom_and_dupatta",
            "fabric": "viscose_rayon",
            "pattern": ["printed"],
            "primary_color": "blue",
            "sleeve_length": "three_quarter_sleeves",
            "neck": "round_neck",
            "occasion": ["daily"],
            "wash_care": ["hand_wash"],
        },
        {
            "set_contents": "kurta_with_bottom_and_dupatta",
            "fabric": "viscose_rayon",
            "pattern": ["printed"],
            "primary_color": "blue",
        },
    ),
    _hand(
        "2",
        "kurta",
        "Anarkali Gown Kurti for Women Rayon Foil Print",
        "Top Fabric: Rayon\nBottom Fabric: Rayon\nDupatta Fabric: Chiffon\nTop Pattern: Printed\n"
        "Bottom Pattern: Solid\nDupatta Pattern: Solid\nTop Shape: Anarkali\nSleeve Length: "
        "Three-Quarter Sleeves\nSet Type: Kurta with Dupatta and Bottomwear\nAdd-Ons: NA\n"
        "Ornamentation: NA\nNet Quantity (N): Single",
        {
            "Top Fabric": "Rayon",
            "Bottom Fabric": "Rayon",
            "Dupatta Fabric": "Chiffon",
            "Top Pattern": "Printed",
            "Bottom Pattern": "Solid",
            "Dupatta Pattern": "Solid",
            "Top Shape": "Anarkali",
            "Sleeve Length": "Three-Quarter Sleeves",
            "Set Type": "Kurta with Dupatta and Bottomwear",
            "Add-Ons": "NA",
            "Ornamentation": "NA",
            "Net Quantity (N)": "Single",
            "Color": "Maroon",
        },
        {
            "fabric": "rayon",
            "pattern": ["printed"],
            "shape": "anarkali",
            "sleeve_length": "three_quarter_sleeves",
            "set_contents": "kurta_with_bottom_and_dupatta",
            "ornamentation": ["none"],
            "primary_color": "maroon",
        },
        {
            "fabric": "rayon",
            "pattern": ["printed"],
            "shape": "anarkali",
            "sleeve_length": "three_quarter_sleeves",
            "set_contents": "kurta_with_bottom_and_dupatta",
        },
    ),
    _hand(
        "3",
        "kurta",
        "Women's Cotton Chikankari Straight Kurta - White",
        "Hand embroidered Lucknowi chikankari kurta in pure cotton. Straight fit with side slits, "
        "round neck and three-quarter sleeves. Gentle hand wash.",
        {
            "Fabric": "Cotton",
            "Fabric Purity": "Pure",
            "Pattern": "Embroidered",
            "Ornamentation": "Chikankari",
            "Shape": "Straight",
            "Neck": "Round Neck",
            "Sleeve Length": "Three-Quarter Sleeves",
            "Slit Detail": "Side Slits",
            "Colour": "White",
            "Wash Care": "Hand Wash",
            "Fabric 2": "-",
        },
        {
            "fabric": "pure_cotton",
            "pattern": ["embroidered"],
            "ornamentation": ["chikankari"],
            "shape": "straight",
            "neck": "round_neck",
            "sleeve_length": "three_quarter_sleeves",
            "slit_detail": "side_slits",
            "primary_color": "white",
            "wash_care": ["hand_wash"],
        },
        {
            "fabric": "pure_cotton",
            "pattern": ["embroidered"],
            "ornamentation": ["chikankari"],
            "shape": "straight",
            "neck": "round_neck",
            "sleeve_length": "three_quarter_sleeves",
            "slit_detail": "side_slits",
            "primary_color": "white",
            "wash_care": ["hand_wash"],
        },
    ),
    _hand(
        "4",
        "kurta",
        "Mustard Angrakha Kurta with Gotta Patti Work",
        "Mustard cotton angrakha style kurta with gotta patti work on the yoke and tiered flared "
        "hem. Comes with matching dupatta with tasselled border. Mandarin collar, puff sleeves.",
        {
            "Fabric": "Cotton",
            "Design Styling": "Angrakha",
            "Ornamentation": "Gotta Patti",
            "Hemline": "Flared",
            "Neck": "Mandarin Collar",
            "Sleeve Styling": "Puff Sleeves",
            "Colour": "Mustard",
            "Set Contents": "Kurta with Dupatta",
        },
        {
            "fabric": "cotton",
            "design_styling": "angrakha",
            "ornamentation": ["gotta_patti"],
            "hemline": "flared",
            "neck": "mandarin_collar",
            "sleeve_styling": "puff",
            "primary_color": "mustard",
            "set_contents": "kurta_with_dupatta",
        },
        {
            "fabric": "cotton",
            "design_styling": "angrakha",
            "ornamentation": ["gotta_patti"],
            "hemline": "flared",
            "neck": "mandarin_collar",
            "sleeve_styling": "puff",
            "primary_color": "mustard",
            "set_contents": "kurta_with_dupatta",
        },
    ),
    _hand(
        "5",
        "kurta",
        "Ikat Woven Handloom Cotton Kurti",
        "Handwoven ikat cotton kurti. A-line, knee length, short sleeves, v neck.",
        {
            "Fabric": "Cotton",
            "Pattern": "Woven Design",
            "Print or Pattern Type": "Ikat",
            "Shape": "A-Line",
            "Length": "Knee Length",
            "Sleeve Length": "Short Sleeves",
            "Neck": "V-Neck",
            "Colour": "Indigo",
            "Ornamentation": "None",
        },
        {
            "fabric": "cotton",
            "pattern": ["woven_design"],
            "print_or_pattern_type": ["ikat"],
            "shape": "a_line",
            "kurta_length": "knee_length",
            "sleeve_length": "short_sleeves",
            "neck": "v_neck",
            "primary_color": "indigo",
            "ornamentation": ["none"],
        },
        {
            "fabric": "cotton",
            "print_or_pattern_type": ["ikat"],
            "shape": "a_line",
            "kurta_length": "knee_length",
            "sleeve_length": "short_sleeves",
            "neck": "v_neck",
        },
    ),
    _hand(
        "6",
        "kurta",
        "Floral Print Tiered Kurta Set",
        "Rayon floral printed tiered kurta paired with solid trousers. Dupatta: printed chiffon "
        "with lace border. Wash care: machine wash cold.",
        {
            "Top Fabric": "Rayon",
            "Top Pattern": "Printed",
            "Print or Pattern Type": "Floral",
            "Design Styling": "Tiered",
            "Bottom Type": "Trousers",
            "Bottom Pattern": "Solid",
            "Dupatta Pattern": "Printed",
            "Dupatta Border": "Lace",
            "Colour": "Yellow",
            "Ornamentation": "-",
        },
        {
            "fabric": "rayon",
            "pattern": ["printed"],
            "print_or_pattern_type": ["floral"],
            "design_styling": "tiered",
            "set_contents": "kurta_with_bottom_and_dupatta",
            "primary_color": "yellow",
            "ornamentation": ["none"],
        },
        {
            "fabric": "rayon",
            "pattern": ["printed"],
            "print_or_pattern_type": ["floral"],
            "design_styling": "tiered",
            "wash_care": ["machine_wash"],
        },
    ),
    _hand(
        "7",
        "saree",
        "Banarasi Silk Saree with Zari Woven Border and Pallu (Red)",
        "Pure Banarasi silk saree with intricate zari woven border, rich pallu and tassels. "
        "Comes with unstitched blouse piece. Length 5.5 m, blouse 0.8 m.",
        {
            "Type": "Banarasi",
            "Fabric": "Silk",
            "Fabric Purity": "Pure",
            "Pattern": "Woven",
            "Border": "Zari",
            "Blouse Piece": "Unstitched",
            "Sari Length": "5.5 m",
            "Blouse Piece Length": "0.8 m",
            "Decorative Material": "Zari",
            "Occasion": "Wedding",
        },
        {
            "saree_type": "banarasi",
            "fabric": "pure_silk",
            "pattern": ["woven_design"],
            "border": "zari",
            "blouse_piece": "unstitched_blouse_piece",
            "saree_length_m": 5.5,
            "blouse_length_m": 0.8,
            "ornamentation": ["zari"],
            "occasion": ["wedding"],
            "primary_color": "red",
        },
        {
            "saree_type": "banarasi",
            "border": "zari",
            "blouse_piece": "unstitched_blouse_piece",
            "saree_length_m": 5.5,
            "blouse_length_m": 0.8,
            "primary_color": "red",
        },
    ),
    _hand(
        "8",
        "saree",
        "Georgette Sequinned Party Wear Saree",
        "Saree Fabric: Georgette\nBlouse: Separate Blouse Piece\nBlouse Fabric: Satin\n"
        "Pattern: Embellished\nBlouse Pattern: Solid\nBorder: Sequinned\nOrnamentation: Sequinned\n"
        "Saree Type: NA\nMultipack: Single",
        {
            "Saree Fabric": "Georgette",
            "Blouse": "Separate Blouse Piece",
            "Blouse Fabric": "Satin",
            "Pattern": "Embellished",
            "Blouse Pattern": "Solid",
            "Ornamentation": "Sequinned",
            "Saree Type": "NA",
            "Multipack": "Single",
            "Color": "Black",
        },
        {
            "fabric": "georgette",
            "blouse_piece": "unstitched_blouse_piece",
            "blouse_fabric": "satin",
            "pattern": ["embellished"],
            "ornamentation": ["sequinned"],
            "saree_type": "none",
            "primary_color": "black",
        },
        {
            "fabric": "georgette",
            "blouse_piece": "unstitched_blouse_piece",
            "blouse_fabric": "satin",
            "pattern": ["embellished"],
            "ornamentation": ["sequinned"],
            "occasion": ["party"],
        },
    ),
    _hand(
        "9",
        "saree",
        "Kanjeevaram Art Silk Saree Temple Border",
        "Traditional Kanjeevaram style saree in art silk with contrast temple border and woven "
        "pallu. Weave: jacquard. Blouse fabric: art silk.",
        {
            "Saree Fabric": "Art Silk",
            "Saree Type": "Kanjeevaram",
            "Border": "Temple",
            "Pattern": "Woven Design",
            "Weave Pattern": "Jacquard",
            "Blouse Fabric": "Art Silk",
            "Colour": "Green",
            "Ornamentation": "Not Applicable",
            "Border Width": "Big",
        },
        {
            "fabric": "art_silk",
            "saree_type": "kanjeevaram",
            "border": "temple",
            "pattern": ["woven_design"],
            "blouse_fabric": "art_silk",
            "primary_color": "green",
            "ornamentation": ["none"],
            "border_width": "big",
        },
        {
            "fabric": "art_silk",
            "saree_type": "kanjeevaram",
            "border": "temple",
            "blouse_fabric": "art_silk",
        },
    ),
    _hand(
        "10",
        "saree",
        "Leheriya Printed Chiffon Saree with Gota Border",
        "Rajasthani leheriya print saree in chiffon finished with gota lace border. Blouse piece "
        "included. Dry clean only.",
        {
            "Fabric": "Chiffon",
            "Pattern": "Printed",
            "Print or Pattern Type": "Leheriya",
            "Border": "Lace",
            "Saree Type": "Leheriya",
            "Ornamentation": "Gotta Patti",
            "Colour": "Orange",
            "Wash Care": "Dry Clean",
        },
        {
            "fabric": "chiffon",
            "pattern": ["printed"],
            "print_or_pattern_type": ["leheriya"],
            "border": "lace",
            "saree_type": "leheriya",
            "ornamentation": ["gotta_patti"],
            "primary_color": "orange",
            "wash_care": ["dry_clean"],
        },
        {
            "fabric": "chiffon",
            "print_or_pattern_type": ["leheriya"],
            "saree_type": "leheriya",
            "border": "lace",
            "wash_care": ["dry_clean"],
            "blouse_piece": "unstitched_blouse_piece",
        },
    ),
    _hand(
        "11",
        "dupatta",
        "Phulkari Embroidered Chiffon Dupatta",
        "Vibrant phulkari hand embroidered dupatta in chiffon with tassels on both ends. "
        "Length: 2.2 m, width: 0.9 m. Dry clean only.",
        {
            "Fabric": "Chiffon",
            "Pattern": "Embroidered",
            "Ornamentation": "Phulkari",
            "Border": "Tasselled",
            "Length": "2.2 m",
            "Width": "0.9 m",
            "Colour": "Multi",
            "Wash Care": "Dry Clean",
        },
        {
            "fabric": "chiffon",
            "pattern": ["embroidered"],
            "ornamentation": ["phulkari"],
            "border": "tasselled",
            "dupatta_length_m": 2.2,
            "dupatta_width_m": 0.9,
            "primary_color": "multicolor",
            "wash_care": ["dry_clean"],
        },
        {
            "fabric": "chiffon",
            "pattern": ["embroidered"],
            "ornamentation": ["phulkari"],
            "dupatta_length_m": 2.2,
            "dupatta_width_m": 0.9,
            "wash_care": ["dry_clean"],
        },
    ),
    _hand(
        "12",
        "dupatta",
        "Banarasi Silk Dupatta with Zari Border Pink",
        "Handwoven Banarasi art silk dupatta with woven zari border and zari buttis. 2.25 Mtr.",
        {
            "Fabric": "Art Silk",
            "Pattern": "Woven Design",
            "Border": "Zari",
            "Weave Type": "Handloom",
            "Dupatta Length": "2.25 Mtr",
            "Colour": "Pink",
            "Ornamentation": "Zari",
        },
        {
            "fabric": "art_silk",
            "pattern": ["woven_design"],
            "border": "zari",
            "weave_type": "handloom",
            "dupatta_length_m": 2.25,
            "primary_color": "pink",
            "ornamentation": ["zari"],
        },
        {
            "fabric": "art_silk",
            "border": "zari",
            "weave_type": "handloom",
            "dupatta_length_m": 2.25,
            "primary_color": "pink",
        },
    ),
    _hand(
        "13",
        "dupatta",
        "Bandhani Georgette Chunni with Gota Patti Lace",
        "Bandhej tie dye georgette chunni finished with gotta patti lace border. "
        "Length 2.5 meters.",
        {
            "Fabric": "Georgette",
            "Print or Pattern Type": "Bandhani",
            "Pattern": "Dyed",
            "Border": "Gotta Patti",
            "Length": "2.5 meters",
            "Colour": "Red",
        },
        {
            "fabric": "georgette",
            "print_or_pattern_type": ["bandhani"],
            "pattern": ["dyed"],
            "border": "gotta_patti",
            "dupatta_length_m": 2.5,
            "primary_color": "red",
        },
        {
            "fabric": "georgette",
            "print_or_pattern_type": ["bandhani"],
            "border": "gotta_patti",
            "dupatta_length_m": 2.5,
        },
    ),
    _hand(
        "14",
        "dupatta",
        "Chanderi Cotton Stole Solid Mint Green",
        "Lightweight chanderi stole, solid colour, no border. 200 cm x 70 cm.",
        {
            "Fabric": "Chanderi",
            "Pattern": "Solid",
            "Border": "NA",
            "Size": "200 cm x 70 cm",
            "Colour": "Mint Green",
            "Ornamentation": "NA",
        },
        {
            "fabric": "chanderi",
            "pattern": ["solid"],
            "border": "no_border",
            "dupatta_length_m": 2.0,
            "dupatta_width_m": 0.7,
            "primary_color": "mint_green",
            "ornamentation": ["none"],
        },
        {
            "fabric": "chanderi",
            "pattern": ["solid"],
            "border": "no_border",
            "dupatta_length_m": 2.0,
            "dupatta_width_m": 0.7,
            "primary_color": "mint_green",
        },
    ),
    _hand(
        "15",
        "dupatta",
        "Net Odhni with Sequin Work and Scalloped Border",
        "Bridal net odhni with sequin work all over and scalloped border. Size 2.4 x 1.1 m.",
        {
            "Fabric": "Net",
            "Pattern": "Embellished",
            "Ornamentation": "Sequinned",
            "Border": "Scallop",
            "Colour": "Red",
            "Occasion": "Wedding",
        },
        {
            "fabric": "net",
            "pattern": ["embellished"],
            "ornamentation": ["sequinned"],
            "border": "scallop",
            "primary_color": "red",
            "occasion": ["wedding"],
        },
        {
            "fabric": "net",
            "ornamentation": ["sequinned"],
            "primary_color": "red",
            "dupatta_length_m": 2.4,
            "dupatta_width_m": 1.1,
        },
    ),
]


def build(seed: int = 13) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = [_kurta(rng, i) for i in range(50)]
    rows += [_saree(rng, i) for i in range(40)]
    rows += [_dupatta(rng, i) for i in range(30)]
    rows += HANDWRITTEN
    return rows


def main() -> None:
    rows = build()
    with (HERE / "marketplace.jsonl").open("w") as out:
        for row in rows:
            out.write(json.dumps({k: v for k, v in row.items() if k != "text_gold"}) + "\n")
    with (HERE / "marketplace_text.jsonl").open("w") as out:
        for row in rows:
            text = dict(row, gold=row["text_gold"])
            del text["text_gold"]
            text["input"] = dict(row["input"], vendor_specs={})
            out.write(json.dumps(text) + "\n")


if __name__ == "__main__":
    main()
