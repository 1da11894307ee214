"""Problems found in user data: collected, never raised one at a time."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "错误"
WARNING = "警告"
NOTICE = "提示"   # for the author's attention, never fails a check or a strict build


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    怎么改：{self.hint}"
        return text


@dataclass
class Problems:
    """Collects every problem of a run, so that one run reports them all."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def _rel(self, path: str | Path) -> str:
        key = str(path)
        cache = self.__dict__.setdefault("_rel_cache", {})
        if key not in cache:
            cache[key] = self._relative(path)
        return cache[key]

    def _relative(self, path: str | Path) -> str:
        p = Path(path)
        if self.root is not None:
            # the path as written first: a symbolic link is reported where it stands, not where it leads
            for resolve in (False, True):
                try:
                    mine, root = ((p.resolve(), self.root.resolve()) if resolve
                                  else (Path(os.path.abspath(p)), Path(os.path.abspath(self.root))))
                    return mine.relative_to(root).as_posix()
                except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
                    pass
        return p.as_posix()

    def error(self, path, line: int, message: str, hint: str = "") -> None:
        self.items.append(Problem(self._rel(path), line or 0, message, hint, ERROR))

    def warning(self, path, line: int, message: str, hint: str = "") -> None:
        self.items.append(Problem(self._rel(path), line or 0, message, hint, WARNING))

    def notice(self, path, line: int, message: str, hint: str = "") -> None:
        self.items.append(Problem(self._rel(path), line or 0, message, hint, NOTICE))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.items if p.severity == NOTICE]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.message))

    def report(self) -> str:
        lines = [p.format() for p in self.sorted()]
        notices = f"，{len(self.notices)} 条提示" if self.notices else ""
        lines.append(f"共 {len(self.errors)} 个错误，{len(self.warnings)} 个警告{notices}。")
        return "\n".join(lines)
