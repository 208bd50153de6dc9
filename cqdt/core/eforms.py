"""E-forms: a JSON Schema with "x-ui" hints (docs/catalog-format.md §4) as plain HTML form fields, and back.

Generic and app-independent, so the citizen portal and the staff workspace render the same way:

- `EForm(schema, data=None, initial_data=...)` builds one Django field per scalar of the schema, named by
  its path (`ef-nguoi_yeu_cau-ho_ten`, `ef-giay_to-0-so_trang`), and a `layout` of sections, groups and
  repeaters to render;
- choices come from `oneOf` of `{"const", "title"}` or from `enum`; dates accept YYYY-MM-DD (the value of
  `<input type="date">`) and dd/mm/yyyy; `$ref` to `#/$defs/...` is followed;
- a repeatable group (an array of objects) has as many rows as posted in `ef-<path>-rows`; a submit button
  named `ef-add` with the path as value asks for one more row, so it works without JavaScript;
- `collect()` rebuilds the JSON value (empty optional values and empty rows left out); the caller validates
  it against the schema and hands the `(path, message)` errors back with `attach_errors`, which puts each
  message on the field (or group) at that path.

Django-level `required` is off: a draft may be incomplete, and the schema is the one source of the rules.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict

PREFIX = "ef"
ADD_ROW = f"{PREFIX}-add"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MAX_ROWS = 50
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

Path = tuple[str | int, ...]


@dataclass
class Item:
    """One thing to render: a field (`bound`), a group (`children`) or a repeater (`rows` of items)."""

    label: str
    path: Path
    children: list["Item"] = field(default_factory=list)
    rows: list[list["Item"]] = field(default_factory=list)
    bound: forms.BoundField | None = None
    is_repeater: bool = False
    add_label: str = ""
    help: str = ""
    required: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.is_repeater:
            return "repeater"
        return "group" if self.bound is None else "field"

    @property
    def html_name(self) -> str:
        return html_name(self.path)

    @property
    def rows_name(self) -> str:
        return f"{html_name(self.path)}-rows"


@dataclass
class Section:
    title: str
    items: list[Item]


def html_name(path: Path) -> str:
    return "-".join([PREFIX, *(str(part) for part in path)])


def dotted(path: Path) -> str:
    """The path as the catalogue's validator writes it: `giay_to[1].so_trang`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def parse_dotted(text: str) -> Path:
    return tuple(name if name else int(index) for name, index in _PATH_PART.findall(text))


def _ui(schema: dict[str, Any]) -> dict[str, Any]:
    ui = schema.get("x-ui", {})
    return ui if isinstance(ui, dict) else {}


def resolve(root: dict[str, Any], prop: Any) -> dict[str, Any]:
    """`prop` with a local `$ref` (`#/$defs/name`) replaced by its target (sibling keys win)."""
    if not isinstance(prop, dict):
        return {}
    ref = prop.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return {**resolve(root, target), **{k: v for k, v in prop.items() if k != "$ref"}}
    return prop


def choices_of(prop: dict[str, Any]) -> list[tuple[Any, str]] | None:
    """(value, label) of a choice property: `oneOf` of consts with titles, or `enum`; None otherwise."""
    options = prop.get("oneOf")
    if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
        return [(o["const"], str(o.get("title", o["const"]))) for o in options]
    if isinstance(prop.get("enum"), list):
        return [(value, str(value)) for value in prop["enum"]]
    return None


def ordered(schema: dict[str, Any]) -> list[str]:
    properties = schema.get("properties", {})
    order = _ui(schema).get("order")
    if isinstance(order, list):
        return [name for name in order if name in properties] + [n for n in properties if n not in order]
    return list(properties)


def _is_object(prop: dict[str, Any]) -> bool:
    return prop.get("type") == "object" and isinstance(prop.get("properties"), dict)


def _scalar_field(prop: dict[str, Any], *, required: bool) -> forms.Field:
    ui = _ui(prop)
    label = str(prop.get("title", ""))
    attrs: dict[str, str] = {}
    if required:
        attrs["required"] = "required"
        attrs["aria-required"] = "true"
    if isinstance(ui.get("placeholder"), str):
        attrs["placeholder"] = ui["placeholder"]
    common: dict[str, Any] = {"label": label, "required": False, "help_text": ui.get("help", "")}
    widget_name = ui.get("widget")
    kind = prop.get("type")
    choices = choices_of(prop)
    if choices is not None:
        options = [(str(value), text) for value, text in choices]
        if widget_name == "radio":
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect(attrs=attrs), **common)
        return forms.ChoiceField(
            choices=[("", "— Chọn —"), *options], widget=forms.Select(attrs=attrs), **common
        )
    if kind == "boolean":
        return forms.BooleanField(**common)
    if kind in ("integer", "number"):
        attrs["inputmode"] = "numeric" if kind == "integer" else "decimal"
        # Limits are the schema's to check (with its messages); here they only hint the browser.
        for key, attr in (("minimum", "min"), ("maximum", "max")):
            if isinstance(prop.get(key), int | float):
                attrs[attr] = str(prop[key])
        if kind == "integer":
            return forms.IntegerField(widget=forms.NumberInput(attrs=attrs), **common)
        return forms.DecimalField(widget=forms.NumberInput(attrs=attrs), **common)
    if prop.get("format") == "date" or widget_name == "date":
        attrs["type"] = "date"
        widget = forms.DateInput(format="%Y-%m-%d", attrs=attrs)
        return forms.DateField(input_formats=DATE_INPUT_FORMATS, widget=widget, **common)
    if prop.get("format") == "email" or widget_name == "email":
        attrs["autocomplete"] = "email"
        return forms.EmailField(
            max_length=prop.get("maxLength"), widget=forms.EmailInput(attrs=attrs), **common
        )
    if widget_name in ("identity_number", "phone"):
        attrs["inputmode"] = "numeric"
        if widget_name == "phone":
            attrs["autocomplete"] = "tel"
    max_length = prop.get("maxLength")
    if widget_name == "textarea":
        attrs["rows"] = str(ui.get("rows", 3))
        return forms.CharField(
            max_length=max_length, widget=forms.Textarea(attrs=attrs), strip=True, **common
        )
    return forms.CharField(max_length=max_length, widget=forms.TextInput(attrs=attrs), strip=True, **common)


class EForm(forms.Form):
    """The fields of one e-form; `layout` says how to render them, `collect()` rebuilds the JSON."""

    def __init__(
        self,
        schema: dict[str, Any],
        data: QueryDict | dict[str, Any] | None = None,
        *,
        initial_data: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data)
        self.schema = schema if isinstance(schema, dict) else {}
        self.layout: list[Section] = []
        self.items_by_path: dict[Path, Item] = {}
        self.other_errors: list[str] = []
        self._row_counts: dict[Path, int] = {}
        self._add_request = str(data.get(ADD_ROW, "")) if data is not None else ""
        if not isinstance(self.schema.get("properties"), dict):
            return
        initial = initial_data or {}
        names = ordered(self.schema)
        items = {name: self._item(self.schema, name, (name,), True, initial.get(name)) for name in names}
        sections = _ui(self.schema).get("sections")
        if isinstance(sections, list):
            listed: set[str] = set()
            for section in sections:
                if not isinstance(section, dict):
                    continue
                members = [name for name in section.get("fields", []) if name in items]
                listed.update(members)
                self.layout.append(Section(str(section.get("title", "")), [items[name] for name in members]))
            rest = [items[name] for name in names if name not in listed]
            if rest:
                self.layout.append(Section("", rest))
        else:
            self.layout.append(Section("", list(items.values())))

    @property
    def has_fields(self) -> bool:
        return bool(self.layout)

    @property
    def wants_row(self) -> bool:
        """The applicant pressed an "add a row" button: re-render, do not go on."""
        return bool(self._add_request)

    def _item(self, parent: dict[str, Any], name: str, path: Path, parent_required: bool, value: Any) -> Item:
        prop = resolve(self.schema, parent["properties"][name])
        required = parent_required and name in parent.get("required", [])
        label = str(prop.get("title", name))
        help_text = str(_ui(prop).get("help", ""))
        if _is_object(prop):
            values = value if isinstance(value, dict) else {}
            children = [
                self._item(prop, child, (*path, child), required, values.get(child))
                for child in ordered(prop)
            ]
            item = Item(label=label, path=path, children=children, help=help_text, required=required)
        elif prop.get("type") == "array" and isinstance(prop.get("items"), dict):
            item = self._array(prop, label, path, value if isinstance(value, list) else [], required)
        else:
            name_ = html_name(path)
            self.fields[name_] = _scalar_field(prop, required=required)
            if value is not None:
                self.initial[name_] = value
            item = Item(label=label, path=path, bound=self[name_], help=help_text, required=required)
        self.items_by_path[path] = item
        return item

    def _row_count(self, prop: dict[str, Any], path: Path, values: list[Any]) -> int:
        count = max(len(values), int(prop.get("minItems", 0) or 0), 1)
        if self.data:
            posted = str(self.data.get(f"{html_name(path)}-rows", ""))
            if posted.isdigit():
                count = max(count, int(posted))
            if self._add_request == html_name(path):
                count += 1
        maximum = prop.get("maxItems")
        limit = min(int(maximum), MAX_ROWS) if isinstance(maximum, int) else MAX_ROWS
        return max(min(count, limit), 1)

    def _array(self, prop: dict[str, Any], label: str, path: Path, values: list[Any], required: bool) -> Item:
        items = resolve(self.schema, prop["items"])
        choices = choices_of(items)
        if choices is not None:
            name_ = html_name(path)
            options = [(str(value), text) for value, text in choices]
            self.fields[name_] = forms.MultipleChoiceField(
                label=label, choices=options, required=False, widget=forms.CheckboxSelectMultiple
            )
            self.initial[name_] = [str(value) for value in values]
            return Item(label=label, path=path, bound=self[name_], required=required)
        rows: list[list[Item]] = []
        for index in range(self._row_count(prop, path, values)):
            value = values[index] if index < len(values) else None
            row_path = (*path, index)
            if _is_object(items):
                entry = value if isinstance(value, dict) else {}
                rows.append(
                    [
                        self._item(items, child, (*row_path, child), False, entry.get(child))
                        for child in ordered(items)
                    ]
                )
            else:
                name_ = html_name(row_path)
                self.fields[name_] = _scalar_field({**items, "title": f"{label} {index + 1}"}, required=False)
                if value is not None:
                    self.initial[name_] = value
                cell = Item(label=f"{label} {index + 1}", path=row_path, bound=self[name_])
                self.items_by_path[row_path] = cell
                rows.append([cell])
        self._row_counts[path] = len(rows)
        add_label = str(_ui(prop).get("add_label") or "Thêm một dòng")
        return Item(
            label=label, path=path, rows=rows, is_repeater=True, add_label=add_label, required=required
        )

    def collect(self) -> dict[str, Any]:
        """The JSON data from the cleaned fields (call after `is_valid()`)."""
        if not self.schema.get("properties"):
            return {}
        value = self._collect_object(self.schema, (), True)
        return value if isinstance(value, dict) else {}

    def _collect_object(self, schema: dict[str, Any], path: Path, keep_empty: bool) -> dict[str, Any] | None:
        data: dict[str, Any] = {}
        required = set(schema.get("required", []))
        for name in ordered(schema):
            prop = resolve(self.schema, schema["properties"][name])
            value = self._collect_value(prop, (*path, name), keep_empty and name in required)
            if not _is_empty(value) or (isinstance(value, dict) and keep_empty and name in required):
                data[name] = value
        return data

    def _collect_value(self, prop: dict[str, Any], path: Path, keep_empty: bool) -> Any:
        if _is_object(prop):
            return self._collect_object(prop, path, keep_empty)
        if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
            items = resolve(self.schema, prop["items"])
            if choices_of(items) is not None:
                return [_typed(items, value) for value in self.cleaned_data.get(html_name(path)) or []]
            rows = []
            for index in range(self._row_counts.get(path, 0)):
                row = self._collect_value(items, (*path, index), False)
                if not _is_empty(row):
                    rows.append(row)
            return rows
        value = self.cleaned_data.get(html_name(path))
        if prop.get("type") == "boolean":
            return bool(value)
        return _typed(prop, _json_value(value)) if not _is_empty(value) else None

    def attach_errors(self, errors: Iterable[tuple[str, str]]) -> None:
        """Put each `(dotted path, message)` on the item at that path (or its nearest ancestor)."""
        for path_text, message in errors:
            path = parse_dotted(path_text)
            while path and path not in self.items_by_path:
                path = path[:-1]
            item = self.items_by_path.get(path) if path else None
            if item is None:
                self.other_errors.append(message)
            else:
                item.errors.append(message)

    @property
    def error_count(self) -> int:
        return len(self.other_errors) + sum(len(item.errors) for item in self.items_by_path.values())


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _typed(prop: dict[str, Any], value: Any) -> Any:
    """Choices come back as strings; give numbers and booleans back their JSON type."""
    choices = choices_of(prop)
    if choices is not None and isinstance(value, str):
        for option, _label in choices:
            if str(option) == value:
                return option
    return value


def describe(schema: dict[str, Any], data: Any) -> list[tuple[str, str]]:
    """(label, value) lines of submitted data in the schema's order, choices shown by their titles."""
    return _describe(schema if isinstance(schema, dict) else {}, schema, data, "")


def _describe(root: dict[str, Any], schema: dict[str, Any], data: Any, prefix: str) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        return lines
    properties = schema.get("properties", {}) if isinstance(schema.get("properties"), dict) else {}
    names = [name for name in ordered(schema) if name in data] + [
        name for name in data if name not in properties
    ]
    for name in names:
        value = data[name]
        prop = resolve(root, properties.get(name, {}))
        label = f"{prefix}{prop.get('title', name)}"
        if isinstance(value, dict):
            lines.extend(_describe(root, prop, value, f"{label} › "))
        elif isinstance(value, list) and value and all(isinstance(entry, dict) for entry in value):
            items = resolve(root, prop.get("items", {}))
            for index, entry in enumerate(value, start=1):
                lines.extend(_describe(root, items, entry, f"{label} › mục {index} › "))
        else:
            lines.append((label, display(prop, value)))
    return lines


def display(prop: dict[str, Any], value: Any) -> str:
    if isinstance(value, list):
        items = prop.get("items", {}) if isinstance(prop.get("items"), dict) else {}
        return ", ".join(display(items, entry) for entry in value)
    choices = choices_of(prop)
    if choices is not None:
        for option, label in choices:
            if option == value:
                return label
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    return "" if value is None else str(value)
