"""The user's own settings: remapped keys and the chosen theme, in ``config.toml``.

The file lives in the platform's user config directory (``ANNOTATOR_CONFIG_DIR``
overrides it, which keeps tests away from the real one). Key remaps follow posting's
convention, a ``[keymap]`` table of ``action-id = "key1,key2"``, so the UI can hand them
to Textual's ``App.set_keymap`` unchanged. The codebook validator asks this module which
keys the app binds, so a code can never shadow a remapped action.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.files import atomic_write_bytes
from annotator.safe_text import one_line
from annotator.settings.keynames import is_single_printable, key_name
from annotator.settings.keys import ACTIONS, RESERVED_KEYS, action_by_id
from annotator.settings.paths import resolve_config_dir
from annotator.settings.toml_errors import toml_error_line

CONFIG_FILE = "config.toml"

# Keys the app reserves without a remappable action, and what they do (for messages).
_RESERVED_PURPOSE = {
    "escape": "Close or cancel",
    "tab": "Next panel",
    "shift+tab": "Previous panel",
    "ctrl+c": "Copy / quit hint",
    "ctrl+p": "Command palette",
    "question_mark": "Help",
    "f1": "Help",
}
_ACTION_KEYS = frozenset(key for action in ACTIONS for key in action.keys)
FIXED_KEYS: frozenset[str] = RESERVED_KEYS - _ACTION_KEYS
"""Reserved keys that no keymap entry can move or take."""

_KEY_NAME = re.compile(r"^((ctrl|shift|alt|meta|super|hyper)\+)*[a-z0-9_]+$", re.IGNORECASE)


class ConfigError(Exception):
    """A config file that cannot be used; the message is one line naming file and line."""


@dataclass(frozen=True, slots=True)
class UserConfig:
    """Settings read from the user's config file; defaults when there is none."""

    path: Path | None = None
    keymap: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    theme: str | None = None
    warnings: tuple[str, ...] = ()

    def keys_for(self, action_id: str) -> tuple[str, ...]:
        """The keys bound to an action after remapping."""
        if action_id in self.keymap:
            return self.keymap[action_id]
        action = action_by_id(action_id)
        return action.keys if action else ()

    def textual_keymap(self) -> dict[str, str]:
        """The keymap in the form ``App.set_keymap`` takes: id -> "key1,key2"."""
        return {action_id: ",".join(keys) for action_id, keys in self.keymap.items()}


def bound_keys(keymap: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """Every key the app binds, by Textual key name, mapped to what it does.

    With a ``keymap``, remapped actions are bound to their new keys instead of their
    defaults; the fixed keys (escape, help, palette...) stay taken.
    """
    keymap = keymap or {}
    bound = {key: _RESERVED_PURPOSE.get(key, "a reserved key") for key in FIXED_KEYS}
    for action in ACTIONS:
        for key in keymap.get(action.id, action.keys):
            bound.setdefault(key_name(key), action.description)
    return bound


_KEY_AT_LINE_START = re.compile(
    r"""^[ \t]*(?:"([^"\\\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*=""", re.MULTILINE
)


class KeyLines:
    """The line where each key is first set, found in one pass over the file.

    Messages name the line of the key they are about. Looking each key up by scanning
    the file again made a config of many unknown keys take minutes; this index is built
    once per file, so any config is read in time linear in its size.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        line = 1
        position = 0
        for match in _KEY_AT_LINE_START.finditer(text):
            line += text.count("\n", position, match.start())
            position = match.start()
            key = next(group for group in match.groups() if group is not None)
            self._lines.setdefault(key, line)

    def line(self, key: str) -> int | None:
        return self._lines.get(key)

    def where(self, shown: str, key: str) -> str:
        """``file:line`` for ``key``, or the file alone when the key is not found."""
        line = self._lines.get(key)
        return f"{shown}:{line}" if line else shown


def parse_keys(value: str) -> tuple[str, ...]:
    """Split "k1,k2" into Textual key names; raise ValueError naming a bad key."""
    keys: list[str] = []
    for part in value.split(","):
        token = part.strip()
        if not token:
            raise ValueError('an empty key (write the comma key as "comma")')
        if is_single_printable(token):
            keys.append(key_name(token))
        elif _KEY_NAME.match(token):
            keys.append(token)
        else:
            raise ValueError(f"{token!r} is not a key name")
    return tuple(dict.fromkeys(keys))


def _keymap(raw: Any, lines: KeyLines, shown: str) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    if not isinstance(raw, dict):
        raise ConfigError(f'{shown}: [keymap] must be a table of action-id = "keys"')
    keymap: dict[str, tuple[str, ...]] = {}
    warnings: list[str] = []
    for action_id, value in raw.items():
        where = lines.where(shown, action_id)
        if action_by_id(action_id) is None:
            warnings.append(one_line(f"{where}: unknown action {action_id!r} in [keymap], ignored"))
            continue
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(one_line(f'{where}: keymap {action_id!r} must be "key1,key2"'))
        try:
            keymap[action_id] = parse_keys(value)
        except ValueError as exc:
            raise ConfigError(one_line(f"{where}: keymap {action_id!r}: {exc}")) from None
    _check_clashes(keymap, lines, shown)
    return keymap, warnings


def _check_clashes(keymap: Mapping[str, tuple[str, ...]], lines: KeyLines, shown: str) -> None:
    """Refuse a keymap under which one key would trigger two actions."""
    owner: dict[str, str] = {key: "fixed" for key in FIXED_KEYS}
    for action in ACTIONS:
        for key in keymap.get(action.id, action.keys):
            name = key_name(key)
            previous = owner.get(name)
            if previous is None:
                owner[name] = action.id
                continue
            culprit = action.id if action.id in keymap else previous
            where = lines.where(shown, culprit)
            other = _RESERVED_PURPOSE.get(name, "a reserved key") if previous == "fixed" else None
            what = f"the app's {other!r} key" if other else f"action {previous!r}"
            raise ConfigError(
                one_line(
                    f"{where}: key {name!r} for action {action.id!r} is already bound to {what}"
                )
            )


def load_config(config_dir: Path | None = None) -> UserConfig:
    """Read ``config.toml``; a missing file gives the defaults. Raises ConfigError."""
    path = resolve_config_dir(config_dir) / CONFIG_FILE
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return UserConfig(path=path)
    except OSError as exc:
        raise ConfigError(one_line(f"{shown}: cannot read: {exc.strerror or exc}")) from None
    import tomllib  # only when there is a file: most starts have none

    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(one_line(f"{shown}: not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error_line(exc)
        where = f"{shown}:{line}" if line else shown
        raise ConfigError(one_line(f"{where}: malformed TOML: {message}")) from None
    lines = KeyLines(text)
    warnings: list[str] = []
    keymap: dict[str, tuple[str, ...]] = {}
    if "keymap" in data:
        keymap, warnings = _keymap(data["keymap"], lines, shown)
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        where = lines.where(shown, "theme")
        raise ConfigError(one_line(f"{where}: theme must be a non-empty string"))
    for key in data:
        if key not in ("keymap", "theme"):
            where = lines.where(shown, key)
            warnings.append(one_line(f"{where}: unknown setting {key!r}, ignored"))
    return UserConfig(
        path=path,
        keymap=keymap,
        theme=theme.strip() if isinstance(theme, str) else None,
        warnings=tuple(warnings),
    )


def _toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are a subset of TOML's."""
    return json.dumps(value, ensure_ascii=False)


_THEME_LINE = re.compile(r"^\s*[\"']?theme[\"']?\s*=.*$")


def save_theme(name: str, config_dir: Path | None = None) -> Path:
    """Set ``theme`` in ``config.toml``, keeping every other line (and comment) as it was.

    The file is replaced atomically. A file that does not parse is left alone and a
    ConfigError is raised, so a typo elsewhere never costs the user their settings.
    """
    import tomllib

    if not name.strip() or not name.isprintable():
        raise ValueError(f"not a theme name: {name!r}")
    directory = resolve_config_dir(config_dir)
    path = directory / CONFIG_FILE
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(one_line(f"{path}: cannot update theme: {exc}")) from None
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(one_line(f"{path}: not saving theme, file is malformed: {exc}")) from None
    setting = f"theme = {_toml_string(name)}"
    lines = text.splitlines()
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), None)
    top = lines[:first_table] if first_table is not None else lines
    existing = next((i for i, line in enumerate(top) if _THEME_LINE.match(line)), None)
    if existing is not None:
        lines[existing] = setting
    elif first_table is not None:
        lines[first_table:first_table] = [setting, ""]
    else:
        lines.append(setting)
    new_text = "\n".join(lines) + "\n"
    try:
        updated = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        updated = {}
    if updated.get("theme") != name:
        raise ConfigError(one_line(f"{path}: cannot update theme safely; edit it by hand"))
    directory.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, new_text.encode("utf-8"))
    return path
