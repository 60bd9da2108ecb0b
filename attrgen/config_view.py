"""How config versions, diffs and dry-runs look on a terminal (Rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.tree import Tree


def _changes(node: Tree, fields: dict[str, list[Any]]) -> None:
    for name, (old, new) in fields.items():
        node.add(f"[yellow]~ {name}[/yellow]: {old!r} → {new!r}")


def diff_tree(diff: dict[str, Any]) -> Tree:
    """A diff as a tree: + added (green), - removed (red), ~ changed (yellow)."""
    tree = Tree(f"[bold]{diff.get('base') or '(nothing)'} → {diff['target']}[/bold]")
    for name in diff["product_types_added"]:
        tree.add(f"[green]+ product type {name}[/green]")
    for name in diff["product_types_removed"]:
        tree.add(f"[red]- product type {name}[/red]")
    for change in diff["product_types_changed"]:
        node = tree.add(f"[yellow]~ {change['product_type']}[/yellow]")
        _changes(node, change["changed"])
        for code in change["attributes_added"]:
            node.add(f"[green]+ attribute {code}[/green]")
        for code in change["attributes_removed"]:
            node.add(f"[red]- attribute {code}[/red]")
        for attribute in change["attributes_changed"]:
            _attribute(node.add(f"[yellow]~ {attribute['attribute']}[/yellow]"), attribute)
    if len(tree.children) == 0:
        tree.add("no changes")
    return tree


def _attribute(node: Tree, attribute: dict[str, Any]) -> None:
    _changes(node, attribute["changed"])
    for code in attribute["values_added"]:
        node.add(f"[green]+ value {code}[/green]")
    for code in attribute["values_removed"]:
        node.add(f"[red]- value {code}[/red]")
    for value in attribute["values_changed"]:
        leaf = node.add(f"[yellow]~ value {value['value']}[/yellow]")
        for field, items in value["added"].items():
            leaf.add(f"[green]+ {field}: {', '.join(items)}[/green]")
        for field, items in value["removed"].items():
            leaf.add(f"[red]- {field}: {', '.join(items)}[/red]")
        _changes(leaf, value["changed"])


def versions_table(items: list[dict[str, Any]]) -> Table:
    table = Table("state", "created", "author", "types", "comment")
    # Ids stay whole: they are what the other commands take.
    table.add_column("version", no_wrap=True, min_width=12)
    table.add_column("parent", no_wrap=True, min_width=12)
    for item in items:
        style = {"active": "bold green", "previously_active": "dim"}.get(item["state"], "")
        table.add_row(
            item["state"],
            item["created_at"][:16],
            item.get("author") or "",
            ", ".join(item["validation"]["product_types"]),
            item.get("comment") or "",
            item["version"],
            item.get("parent") or "",
            style=style,
        )
    return table


def history_table(items: list[dict[str, Any]]) -> Table:
    table = Table("epoch", "at", "action", "by")
    table.add_column("version", no_wrap=True, min_width=12)
    table.add_column("replaced", no_wrap=True, min_width=12)
    for item in items:
        table.add_row(
            str(item["epoch"]),
            item["at"][:19],
            item["action"],
            item.get("by") or "",
            item["version"],
            item.get("replaced") or "",
        )
    return table


def dry_run_report(console: Console, report: dict[str, Any]) -> None:
    console.print(
        f"[bold]dry-run {report['target']}[/bold] against active {report['base']}: "
        f"{report['products']} products, {report['unchanged']} unchanged"
    )
    table = Table("attribute", "gained", "lost", "changed", "examples (product: before → after)")
    for code, effect in sorted(report["attributes"].items()):
        examples = "; ".join(
            f"{e['product_id']}: {e['before']} → {e['after']}" for e in effect["examples"][:3]
        )
        table.add_row(
            code, str(effect["gained"]), str(effect["lost"]), str(effect["changed"]), examples
        )
    if report["attributes"]:
        console.print(table)
    for key, label in (("leaving_quarantine", "leave"), ("entering_quarantine", "enter")):
        move = report[key]
        console.print(f"products that would {label} quarantine: {move['count']}")
        for example in move["examples"]:
            console.print(f"  {example['product_id']}: {example['before']} → {example['after']}")
