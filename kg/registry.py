"""One registry helper for every extension point: rule kinds, output formats,
exporters, segmenters and stores.  The built-in implementations register
themselves the same way an outside one would."""
from __future__ import annotations

from typing import Callable, Generic, Iterator, Optional, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Named implementations of one kind of thing; unknown names raise a coded error."""

    def __init__(self, what: str, code: str = "E406", error: Optional[type] = None) -> None:
        self.what = what
        self.code = code
        self.error = error
        self._items: dict[str, T] = {}

    def add(self, name: str, item: T) -> T:
        self._items[name] = item
        return item

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator form: ``@REGISTRY.register("name")``."""
        def decorate(item: T) -> T:
            return self.add(name, item)
        return decorate

    def get(self, name: str) -> T:
        if name not in self._items:
            from .errors import KgError

            raise (self.error or KgError)(self.code, name=name, what=self.what, known=", ".join(sorted(self._items)))
        return self._items[name]

    def __getitem__(self, name: str) -> T:
        return self.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> list[tuple[str, T]]:
        return sorted(self._items.items())

    def names(self) -> list[str]:
        return sorted(self._items)
