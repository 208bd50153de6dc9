"""E-forms (biểu mẫu điện tử): JSON Schema Draft 2020-12 with UI hints under "x-ui", and Vietnamese messages.

The UI-hint structure is documented in docs/catalog-format.md. The error translator is also used by the
importer, for the JSON file format itself.
"""

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError

JsonSchemaError = ValidationError | SchemaError

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
WIDGETS = frozenset(
    {"text", "textarea", "number", "date", "select", "radio", "checkbox", "identity_number", "phone", "email",
     "repeater", "group"}
)  # fmt: skip
PROPERTY_UI_KEYS = frozenset({"widget", "placeholder", "help", "format_hint", "add_label", "rows"})
OBJECT_UI_KEYS = frozenset({"order"})
ROOT_UI_KEYS = frozenset({"order", "sections"})

_TYPE_NAMES = {
    "string": "chuỗi văn bản",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "giá trị đúng/sai",
    "array": "danh sách",
    "object": "nhóm thông tin (đối tượng)",
    "null": "rỗng (null)",
}
_FORMAT_PHRASES = {
    "date": "phải là ngày hợp lệ, dạng năm-tháng-ngày (YYYY-MM-DD)",
    "date-time": "phải là thời điểm hợp lệ theo ISO 8601",
    "email": "phải là địa chỉ thư điện tử hợp lệ",
    "time": "phải là giờ hợp lệ (HH:MM:SS)",
}
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    """One JSON Schema problem: where (instance path) and what, as a Vietnamese predicate."""

    path: Path
    predicate: str


@dataclass(frozen=True)
class FormError:
    """A problem in submitted form data: `path` like "giay_to[1].so_trang" ("" = the whole form)."""

    path: str
    message: str


def dotted_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _join(values: Iterable[Any]) -> str:
    return ", ".join(str(value) for value in values)


def _choice_labels(options: list[Any]) -> list[str] | None:
    if not options or not all(isinstance(option, dict) and "const" in option for option in options):
        return None
    return [str(option.get("title", option["const"])) for option in options]


def describe_error(error: JsonSchemaError) -> list[Issue]:
    """Vietnamese predicates ("là bắt buộc", "phải là số nguyên", ...) for one jsonschema error."""
    path: Path = tuple(error.absolute_path)
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "required" and isinstance(instance, dict) and isinstance(value, list):
        return [Issue((*path, name), "là bắt buộc") for name in value if name not in instance]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        extras = [name for name in instance if name not in allowed]
        return [Issue((*path, name), "không thuộc danh sách trường được phép") for name in extras]
    return [Issue(path, _predicate(keyword, value, error))]


def _predicate(keyword: Any, value: Any, error: JsonSchemaError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "type":
        names = value if isinstance(value, list) else [value]
        return "phải là " + " hoặc ".join(_TYPE_NAMES.get(str(name), str(name)) for name in names)
    if keyword == "minLength":
        return "không được để trống" if value == 1 else f"phải có ít nhất {value} ký tự"
    if keyword == "maxLength":
        return f"không được dài quá {value} ký tự"
    if keyword == "pattern":
        hint = schema.get("x-ui", {}).get("format_hint") if isinstance(schema.get("x-ui"), dict) else None
        return f"không đúng định dạng ({hint})" if hint else "không đúng định dạng"
    if keyword == "format":
        return _FORMAT_PHRASES.get(value, f"không đúng định dạng {value}")
    if keyword == "minimum":
        return f"phải lớn hơn hoặc bằng {value}"
    if keyword == "maximum":
        return f"phải nhỏ hơn hoặc bằng {value}"
    if keyword == "exclusiveMinimum":
        return f"phải lớn hơn {value}"
    if keyword == "exclusiveMaximum":
        return f"phải nhỏ hơn {value}"
    if keyword == "multipleOf":
        return f"phải là bội số của {value}"
    if keyword == "enum":
        return f"phải là một trong các giá trị: {_join(value)}"
    if keyword == "const":
        return f"phải có giá trị {value}"
    if keyword in {"oneOf", "anyOf"}:
        labels = _choice_labels(value)
        if labels is not None:
            return f"phải là một trong các giá trị: {_join(labels)}"
        return "không khớp với dạng dữ liệu cho phép"
    if keyword == "minItems":
        return f"phải có ít nhất {value} mục"
    if keyword == "maxItems":
        return f"không được có quá {value} mục"
    if keyword == "uniqueItems":
        return "không được có mục trùng nhau"
    if keyword == "minProperties":
        return f"phải có ít nhất {value} mục"
    return "không hợp lệ"


def _dedupe(issues: Iterable[Issue]) -> list[Issue]:
    seen: dict[tuple[Path, str], Issue] = {}
    for issue in issues:
        seen.setdefault((issue.path, issue.predicate), issue)
    return sorted(seen.values(), key=lambda issue: (tuple(str(part) for part in issue.path), issue.predicate))


def schema_issues(schema: dict[str, Any], instance: Any) -> list[Issue]:
    """Every problem of `instance` against `schema` (Draft 2020-12, formats checked)."""
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return _dedupe(issue for error in validator.iter_errors(instance) for issue in describe_error(error))


# --- the e-form schema itself ---------------------------------------------------------------------


def form_schema_problems(schema: Any) -> list[str]:
    """Problems with an e-form schema; `{}` means "no e-form" and is valid.

    Checking against the meta-schema costs tens of milliseconds, and an import checks each schema twice (plan,
    then service) while cases often share one form, so results are memoised by content.
    """
    try:
        key = json.dumps(schema, ensure_ascii=False)
    except (TypeError, ValueError):
        return ["Biểu mẫu điện tử phải là một đối tượng JSON (JSON Schema)."]
    return list(_form_schema_problems(key))


@functools.lru_cache(maxsize=512)
def _form_schema_problems(key: str) -> tuple[str, ...]:
    return tuple(_check_form_schema(json.loads(key)))


def _check_form_schema(schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return ["Biểu mẫu điện tử phải là một đối tượng JSON (JSON Schema)."]
    if not schema:
        return []
    declared = schema.get("$schema")
    if declared is not None and declared != DRAFT_2020_12:
        return [f'Biểu mẫu điện tử phải dùng JSON Schema Draft 2020-12 ("$schema": "{DRAFT_2020_12}").']
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        issue = describe_error(error)[0]
        where = ".".join(str(part) for part in error.absolute_path) or "gốc"
        return [
            "Biểu mẫu điện tử không phải JSON Schema Draft 2020-12 hợp lệ: "
            f"tại «{where}», giá trị {issue.predicate}."
        ]
    problems = [f"Biểu mẫu điện tử: {problem}" for problem in _external_refs(schema, "gốc")]
    if (
        schema.get("type") != "object"
        or not isinstance(schema.get("properties"), dict)
        or not schema["properties"]
    ):
        problems.append(
            'Biểu mẫu điện tử: gốc phải có "type": "object" và ít nhất một trường trong "properties".'
        )
        return problems
    problems.extend(f"Biểu mẫu điện tử: {problem}" for problem in _object_problems(schema, "gốc", root=True))
    return problems


def _external_refs(node: Any, where: str) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"$ref", "$dynamicRef"} and not (isinstance(value, str) and value.startswith("#")):
                yield f"tại «{where}», chỉ được tham chiếu nội bộ ({key} bắt đầu bằng #)."
            yield from _external_refs(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _external_refs(value, f"{where}[{index}]")


def _object_problems(schema: dict[str, Any], where: str, *, root: bool) -> Iterator[str]:
    properties: dict[str, Any] = schema.get("properties", {})
    ui = schema.get("x-ui", {})
    allowed = ROOT_UI_KEYS if root else OBJECT_UI_KEYS | PROPERTY_UI_KEYS
    if not isinstance(ui, dict):
        yield f"tại «{where}», x-ui phải là một đối tượng."
        ui = {}
    for key in sorted(set(ui) - allowed):
        yield f"tại «{where}», x-ui không hỗ trợ khóa «{key}»."
    if "order" in ui and "sections" in ui:
        yield f"tại «{where}», x-ui chỉ dùng một trong hai khóa «order» hoặc «sections»."
    elif "sections" in ui:
        yield from _sections_problems(ui["sections"], properties, where)
    elif "order" in ui:
        yield from _order_problems(ui["order"], properties, where, "x-ui.order")
    elif len(properties) > 1:
        # PostgreSQL's jsonb does not keep key order, so the display order must be explicit.
        keys = "«order» hoặc «sections»" if root else "«order»"
        yield f"tại «{where}», x-ui phải có {keys} để cố định thứ tự hiển thị các trường."
    for name, prop in properties.items():
        yield from _property_problems(prop, f"{where}.{name}" if not root else name)


def _order_problems(order: Any, properties: dict[str, Any], where: str, key: str) -> Iterator[str]:
    if not isinstance(order, list) or not all(isinstance(name, str) for name in order):
        yield f"tại «{where}», {key} phải là danh sách tên trường."
        return
    unknown = [name for name in order if name not in properties]
    duplicated = sorted({name for name in order if order.count(name) > 1})
    missing = [name for name in properties if name not in order]
    if unknown:
        yield f"tại «{where}», {key} nêu trường không có trong properties: {_join(unknown)}."
    if duplicated:
        yield f"tại «{where}», {key} nêu trùng trường: {_join(duplicated)}."
    if missing:
        yield f"tại «{where}», {key} thiếu trường: {_join(missing)}."


def _sections_problems(sections: Any, properties: dict[str, Any], where: str) -> Iterator[str]:
    if not isinstance(sections, list) or not sections:
        yield f"tại «{where}», x-ui.sections phải là danh sách nhóm trường."
        return
    names: list[str] = []
    for index, section in enumerate(sections):
        title = section.get("title") if isinstance(section, dict) else None
        fields = section.get("fields") if isinstance(section, dict) else None
        if (
            not isinstance(title, str)
            or not title.strip()
            or not isinstance(fields, list)
            or set(section)
            - {
                "title",
                "fields",
            }
        ):
            yield f"tại «{where}», x-ui.sections[{index}] phải có đúng hai khóa «title» và «fields»."
            continue
        names.extend(fields)
    yield from _order_problems(names, properties, where, "x-ui.sections")


def _property_problems(prop: Any, where: str) -> Iterator[str]:
    if not isinstance(prop, dict):
        yield f"trường «{where}» phải được mô tả bằng một đối tượng."
        return
    title = prop.get("title")
    if not isinstance(title, str) or not title.strip():
        yield f"trường «{where}» phải có «title» (nhãn hiển thị tiếng Việt)."
    ui = prop.get("x-ui", {})
    if not isinstance(ui, dict):
        yield f"trường «{where}»: x-ui phải là một đối tượng."
        ui = {}
    nested = (
        prop if prop.get("type") == "object" else prop.get("items") if prop.get("type") == "array" else None
    )
    if prop.get("type") != "object":
        for key in sorted(set(ui) - PROPERTY_UI_KEYS):
            yield f"trường «{where}»: x-ui không hỗ trợ khóa «{key}»."
    widget = ui.get("widget")
    if widget is not None and widget not in WIDGETS:
        choices = _join(sorted(WIDGETS))
        yield f"trường «{where}»: widget «{widget}» không được hỗ trợ (dùng một trong: {choices})."
    for key in ("placeholder", "help", "format_hint", "add_label"):
        if key in ui and not isinstance(ui[key], str):
            yield f"trường «{where}»: x-ui.{key} phải là chuỗi văn bản."
    if (
        isinstance(nested, dict)
        and nested.get("type") == "object"
        and isinstance(nested.get("properties"), dict)
    ):
        yield from _object_problems(nested, where if nested is prop else f"{where}[]", root=False)


# --- submitted data -------------------------------------------------------------------------------


def _label(schema: dict[str, Any], path: Path) -> str:
    parts: list[str] = []
    node: Any = schema
    for part in path:
        if isinstance(part, int):
            node = node.get("items", {}) if isinstance(node, dict) else {}
            parts.append(f"mục {part + 1}")
        else:
            node = node.get("properties", {}).get(part, {}) if isinstance(node, dict) else {}
            parts.append(str(node.get("title", part)) if isinstance(node, dict) else part)
    return " › ".join(parts)


def form_data_errors(schema: dict[str, Any], data: Any) -> list[FormError]:
    """Vietnamese messages for every problem of `data` against the e-form `schema` ({} = no e-form)."""
    if not schema:
        return []
    errors = []
    for issue in schema_issues(schema, data):
        label = _label(schema, issue.path)
        subject = f"«{label}»" if label else "Dữ liệu biểu mẫu"
        errors.append(FormError(dotted_path(issue.path), f"{subject} {issue.predicate}."))
    return errors
