"""Named SPARQL queries: ``*.rq`` files with a comment header that says what they answer.

Header lines at the top of each file::

    # title: Timeline of a country
    # description: Events in which a country acts ... (continued on lines indented by two spaces)
    # param: country literal ISO 3166-1 alpha-3 code of the country, e.g. NER

A parameter has a name, a kind (``literal``, ``iri``, ``integer`` or ``date``) and a description;
its value is bound to the variable of that name when the query runs, never pasted into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PARAM_KINDS = ("literal", "iri", "integer", "date")
_HEADER = re.compile(r"#\s?(?P<key>title|description|param):\s*(?P<value>.*)")


class QueryNotFound(LookupError):
    """No named query of that name, and no such file."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    title: str
    description: str
    params: tuple[Param, ...]


def parse(name: str, text: str) -> NamedQuery:
    fields: dict[str, str] = {"title": name, "description": ""}
    params: list[Param] = []
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            key, value = m["key"], m["value"].strip()
            if key == "param":
                pname, kind, *rest = value.split(None, 2) + ["", ""]
                if kind not in PARAM_KINDS:
                    raise ValueError(f"query {name}: parameter {pname!r} has unknown kind {kind!r}")
                params.append(Param(pname, kind, " ".join(rest).strip()))
            else:
                fields[key] = value
            last = key
        elif last == "description" and line.startswith("#  "):
            fields["description"] += " " + line[1:].strip()
    return NamedQuery(name, text, fields["title"], fields["description"], tuple(params))


def names() -> list[str]:
    """The names of the queries that ship with geokb."""
    folder = resources.files(__package__)
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


def load(name_or_path: str) -> NamedQuery:
    """A shipped query by name (``timeline``) or any ``.rq`` file by path."""
    if name_or_path.endswith(".rq") or "/" in name_or_path:
        path = Path(name_or_path)
        if not path.is_file():
            raise QueryNotFound(f"no query file {name_or_path}")
        return parse(path.stem, path.read_text(encoding="utf-8"))
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name_or_path) or name_or_path not in names():
        raise QueryNotFound(f"no query named {name_or_path!r} (try: {', '.join(names())})")
    text = resources.files(__package__).joinpath(f"{name_or_path}.rq").read_text(encoding="utf-8")
    return parse(name_or_path, text)


def catalogue() -> list[NamedQuery]:
    return [load(n) for n in names()]
