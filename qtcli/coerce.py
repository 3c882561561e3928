"""Option values converted without pydantic: Typer 0.29 imports it to convert any of them.

Typer 0.29 converts every parameter value with a pydantic ``TypeAdapter``
(``typer/core.py`` ``_TyperParameter.process_value`` -> ``get_runtime_param`` ->
``typer/_coercion.py`` ``build_runtime_param``, which imports ``typer/_adapters.py``, whose
first lines import pydantic). Only a ``bool`` parameter whose value is already a bool skips
it, and the runtime parameter is built before the value is looked at, so even an option
that was not given (value ``None``) pays: the ``--help`` option and the completion options
of every command included. No annotation avoids it; importing pydantic costs about 60 ms,
a third of a bare Typer program's startup.

So :func:`speed_up` gives each parameter of the command tree a ``process_value`` (click's
documented hook) that converts the values qt's options take (``None``, text, whole
numbers, enum choices, paths, lists of text) the way Typer does, and hands everything else
(a bad value, a constraint, a type it does not know) to Typer's own conversion, so every
error message stays Typer's. If Typer's internals move, the fast path steps aside and
Typer converts as before: slower, never wrong.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from typer.core import TyperArgument, TyperOption

_SLOW = object()  # "let Typer convert this one"
_WHOLE = re.compile(r"-?[1-9][0-9]*|0")


def _one(annotation: Any, info: Any, value: Any, ctx: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        if isinstance(value, str) and info.case_sensitive and ctx.token_normalize_func is None:
            for member in annotation:
                if str(member.value) == value:
                    return member
        return _SLOW
    if annotation is str:
        return value if isinstance(value, str) else _SLOW
    if annotation is bool:
        return value if isinstance(value, bool) else _SLOW
    if annotation is int:
        if info.min is not None or info.max is not None:
            return _SLOW
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return int(value) if isinstance(value, str) and _WHOLE.fullmatch(value) else _SLOW
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return _path(annotation, info, value)
    return _SLOW


def _path(annotation: type[Path], info: Any, value: Any) -> Any:
    """What Typer's path conversion returns, when it would neither refuse nor rewrite it."""
    if info.resolve_path or info.allow_dash or info.path_type is not None:
        return _SLOW
    if not isinstance(value, (str, Path)):
        return _SLOW
    try:
        st = os.stat(value)
    except OSError:
        return _SLOW if info.exists else annotation(value)
    refused = (
        (not info.file_okay and stat.S_ISREG(st.st_mode))
        or (not info.dir_okay and stat.S_ISDIR(st.st_mode))
        or (info.readable and not os.access(value, os.R_OK))
        or (info.writable and not os.access(value, os.W_OK))
    )
    return _SLOW if refused else annotation(value)


def _convert(param: Any, ctx: Any, value: Any) -> Any:
    desc = param.type_descriptor
    info = desc.parameter_info
    multiple = param.multiple or param.nargs == -1
    if value is None:
        return () if multiple else None
    if info.parser is not None or desc.file_annotation is not None:
        return _SLOW
    if multiple:
        if desc.is_tuple or not desc.is_list or not isinstance(value, (list, tuple)):
            return _SLOW
        (item_type,) = desc.annotation.__args__
        items = [_one(item_type, info, item, ctx) for item in value]
        return _SLOW if any(item is _SLOW for item in items) else items
    if param.nargs != 1 or desc.is_list or desc.is_tuple:
        return _SLOW
    return _one(desc.annotation, info, value, ctx)


def _fast_param(base: Any) -> type:
    """``base`` with a ``process_value`` that converts plain values here, the rest in Typer."""

    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        try:
            converted = _convert(self, ctx, value)
        except (AttributeError, TypeError, ValueError):  # Typer's internals changed
            converted = _SLOW
        if converted is _SLOW or (self.required and self.value_is_missing(converted)):
            return base.process_value(self, ctx, value)  # Typer's way, and its messages
        if self.callback is not None:
            converted = self.callback(ctx, self, converted)
        return converted

    return type(base.__name__, (base,), {"process_value": process_value, "__slots__": ()})


def _fast_command(base: Any) -> type:
    """``base`` handing out only parameters that convert through :func:`_fast_param`."""

    def get_params(self: Any, ctx: Any) -> Any:
        params = base.get_params(self, ctx)
        for param in params:
            if isinstance(param, (TyperOption, TyperArgument)):
                _adopt(param, _PARAMS, _fast_param)
        return params

    return type(base.__name__, (base,), {"get_params": get_params, "__slots__": ()})


_PARAMS: dict[type, type] = {}
_COMMANDS: dict[type, type] = {}


def _adopt(obj: Any, made: dict[type, type], make: Callable[[type], type]) -> None:
    """Give ``obj`` the fast subclass of its own class (made once per class)."""
    cls = type(obj)
    if cls in made.values():
        return
    if cls not in made:
        made[cls] = make(cls)
    obj.__class__ = made[cls]


def speed_up(command: Any) -> None:
    """Make ``command`` and every sub-command under it convert values without pydantic."""
    _adopt(command, _COMMANDS, _fast_command)
    for sub in getattr(command, "commands", {}).values():
        speed_up(sub)
