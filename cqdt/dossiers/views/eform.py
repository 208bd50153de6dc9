"""A case's e-form (JSON Schema with "x-ui" hints) as plain HTML inputs, and back to JSON.

Officials fill ordinary fields, never JSON: text, number, date (dd/mm/yyyy), a select or radio buttons
for an `enum`, a checkbox for a boolean, a fieldset for an object, and a fixed number of rows for an
array of objects. The collected data is validated against the schema by the reception service.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms

PREFIX = "ef"
DEFAULT_REPEATER_ROWS = 3
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


@dataclass
class Item:
    """One thing to render: a field (`name`), a group of items, or a repeater (rows of items)."""

    label: str
    name: str = ""
    children: list["Item"] = field(default_factory=list)
    rows: list[list["Item"]] = field(default_factory=list)
    bound: forms.BoundField | None = None

    @property
    def kind(self) -> str:
        if self.rows:
            return "repeater"
        return "group" if self.children else "field"


@dataclass
class Section:
    title: str
    items: list[Item]


def _ui(schema: dict[str, Any]) -> dict[str, Any]:
    ui = schema.get("x-ui", {})
    return ui if isinstance(ui, dict) else {}


def _ordered(schema: dict[str, Any]) -> list[str]:
    properties = schema.get("properties", {})
    order = _ui(schema).get("order")
    if isinstance(order, list):
        return [name for name in order if name in properties]
    return list(properties)


def _html_name(path: tuple[str | int, ...]) -> str:
    return "-".join([PREFIX, *(str(part) for part in path)])


def _scalar_field(prop: dict[str, Any], *, required: bool) -> forms.Field:
    ui = _ui(prop)
    label = str(prop.get("title", ""))
    common: dict[str, Any] = {"label": label, "required": required, "help_text": ui.get("help", "")}
    widget_name = ui.get("widget")
    kind = prop.get("type")
    if "enum" in prop:
        choices = [(str(value), str(value)) for value in prop["enum"]]
        if widget_name == "radio":
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        return forms.ChoiceField(choices=[("", "— Chọn —"), *choices], **common)
    if kind == "boolean":
        return forms.BooleanField(label=label, required=False, help_text=common["help_text"])
    if kind == "integer":
        return forms.IntegerField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **common)
    if kind == "number":
        return forms.DecimalField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **common)
    if prop.get("format") == "date" or widget_name == "date":
        return forms.DateField(
            input_formats=DATE_INPUT_FORMATS,
            widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            **common,
        )
    if prop.get("format") == "email" or widget_name == "email":
        return forms.EmailField(**common)
    attrs = {"placeholder": ui["placeholder"]} if isinstance(ui.get("placeholder"), str) else {}
    if widget_name == "textarea":
        attrs["rows"] = str(ui.get("rows", 3))
        return forms.CharField(max_length=prop.get("maxLength"), widget=forms.Textarea(attrs=attrs), **common)
    return forms.CharField(max_length=prop.get("maxLength"), widget=forms.TextInput(attrs=attrs), **common)


class EForm(forms.Form):
    """The fields of one e-form; `layout` says how to render them, `collect()` rebuilds the JSON."""

    def __init__(self, schema: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        initial_data = kwargs.pop("initial_data", None) or {}
        super().__init__(*args, **kwargs)
        self.schema = schema
        self.layout: list[Section] = []
        if not schema or not isinstance(schema.get("properties"), dict):
            return
        items = {name: self._item(schema, name, (name,), True, initial_data) for name in _ordered(schema)}
        sections = _ui(schema).get("sections")
        if isinstance(sections, list):
            for section in sections:
                names = [name for name in section.get("fields", []) if name in items]
                self.layout.append(Section(str(section.get("title", "")), [items[name] for name in names]))
        else:
            self.layout.append(Section("", list(items.values())))

    def _item(
        self,
        parent: dict[str, Any],
        name: str,
        path: tuple[str | int, ...],
        parent_required: bool,
        initial: Any,
    ) -> Item:
        prop = parent["properties"][name]
        required = parent_required and name in parent.get("required", [])
        label = str(prop.get("title", name))
        value = initial.get(name) if isinstance(initial, dict) else None
        if prop.get("type") == "object" and isinstance(prop.get("properties"), dict):
            children = [
                self._item(prop, child, (*path, child), required, value or {}) for child in _ordered(prop)
            ]
            return Item(label=label, children=children)
        items = prop.get("items")
        if prop.get("type") == "array" and isinstance(items, dict):
            return self._array(prop, items, label, path, value if isinstance(value, list) else [])
        html_name = _html_name(path)
        self.fields[html_name] = _scalar_field(prop, required=required)
        if value is not None:
            self.initial[html_name] = value
        return Item(label=label, name=html_name, bound=self[html_name])

    def _array(
        self,
        prop: dict[str, Any],
        items: dict[str, Any],
        label: str,
        path: tuple[str | int, ...],
        values: list[Any],
    ) -> Item:
        if "enum" in items:
            html_name = _html_name(path)
            choices = [(str(value), str(value)) for value in items["enum"]]
            self.fields[html_name] = forms.MultipleChoiceField(
                label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
            self.initial[html_name] = [str(value) for value in values]
            return Item(label=label, name=html_name, bound=self[html_name])
        count = max(
            len(values), int(prop.get("minItems", 0)), int(_ui(prop).get("rows", DEFAULT_REPEATER_ROWS))
        )
        rows: list[list[Item]] = []
        for index in range(count):
            value = values[index] if index < len(values) else None
            if items.get("type") == "object" and isinstance(items.get("properties"), dict):
                rows.append(
                    [
                        self._item(items, child, (*path, index, child), False, value or {})
                        for child in _ordered(items)
                    ]
                )
            else:
                html_name = _html_name((*path, index))
                self.fields[html_name] = _scalar_field(
                    {**items, "title": f"{label} {index + 1}"}, required=False
                )
                if value is not None:
                    self.initial[html_name] = value
                rows.append([Item(label=f"{label} {index + 1}", name=html_name, bound=self[html_name])])
        return Item(label=label, rows=rows)

    def collect(self) -> dict[str, Any]:
        """The JSON data from the cleaned fields; empty optional values and empty rows are left out."""
        return _collect(self.schema, (), self.cleaned_data) if self.schema.get("properties") else {}


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _collect(schema: dict[str, Any], path: tuple[str | int, ...], cleaned: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        value = _collect_value(prop, (*path, name), cleaned)
        if not _is_empty(value):
            data[name] = value
    return data


def _collect_value(prop: dict[str, Any], path: tuple[str | int, ...], cleaned: dict[str, Any]) -> Any:
    if prop.get("type") == "object" and isinstance(prop.get("properties"), dict):
        return _collect(prop, path, cleaned)
    items = prop.get("items")
    if prop.get("type") == "array" and isinstance(items, dict):
        if "enum" in items:
            return [_typed(items, value) for value in cleaned.get(_html_name(path)) or []]
        rows = []
        index = 0
        while _has_row(cleaned, _html_name((*path, index))):
            row = _collect_value(items, (*path, index), cleaned)
            if not _is_empty(row):
                rows.append(row)
            index += 1
        return rows
    value = cleaned.get(_html_name(path))
    if prop.get("type") == "boolean":
        return bool(value)
    return _typed(prop, _json_value(value)) if not _is_empty(value) else None


def _has_row(cleaned: dict[str, Any], base: str) -> bool:
    return any(key == base or key.startswith(f"{base}-") for key in cleaned)


def _typed(prop: dict[str, Any], value: Any) -> Any:
    """Enum choices come back as strings; give numbers back their JSON type."""
    if "enum" in prop and isinstance(value, str):
        for option in prop["enum"]:
            if str(option) == value:
                return option
    return value


def describe(schema: dict[str, Any], data: Any) -> list[tuple[str, str]]:
    """(label, value) lines for showing submitted e-form data on the dossier page."""
    lines: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        return lines
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    for name, value in data.items():
        prop = properties.get(name, {}) if isinstance(properties, dict) else {}
        label = str(prop.get("title", name)) if isinstance(prop, dict) else name
        if isinstance(value, dict):
            lines.extend((f"{label} › {sub}", text) for sub, text in describe(prop, value))
        elif isinstance(value, list) and value and all(isinstance(entry, dict) for entry in value):
            item_schema = prop.get("items", {}) if isinstance(prop, dict) else {}
            for index, entry in enumerate(value, start=1):
                lines.extend(
                    (f"{label} › mục {index} › {sub}", text) for sub, text in describe(item_schema, entry)
                )
        else:
            lines.append((label, _display(_choice_title(prop, value))))
    return lines


def _choice_title(prop: Any, value: Any) -> Any:
    """The title of a chosen option ("nu" → "Nữ"): choices are `oneOf` of {"const", "title"}."""
    options = prop.get("oneOf", []) if isinstance(prop, dict) else []
    for option in options:
        if isinstance(option, dict) and option.get("const") == value and "title" in option:
            return option["title"]
    return value


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(_display(entry) for entry in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        year, month, day = value.split("-")
        if year.isdigit() and month.isdigit() and day.isdigit():
            return f"{day}/{month}/{year}"
    return "" if value is None else str(value)
