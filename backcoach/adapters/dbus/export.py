"""Serving an object on D-Bus from tables: its methods, properties and signals.

An ``ExportedObject`` lists its interfaces as ``Interface`` records and gets,
for free, what every well-behaved D-Bus object answers besides its own
methods: ``org.freedesktop.DBus.Properties`` (Get, GetAll; everything here is
read-only), ``org.freedesktop.DBus.Introspectable`` (XML built from the same
tables, so it cannot drift from what is served) and
``org.freedesktop.DBus.Peer`` (Ping). Calls it does not know get the standard
error replies (UnknownMethod, UnknownInterface, UnknownProperty, InvalidArgs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from jeepney import HeaderFields, Message, new_error, new_method_return

PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"

UNKNOWN_METHOD = "org.freedesktop.DBus.Error.UnknownMethod"
UNKNOWN_INTERFACE = "org.freedesktop.DBus.Error.UnknownInterface"
UNKNOWN_PROPERTY = "org.freedesktop.DBus.Error.UnknownProperty"
INVALID_ARGS = "org.freedesktop.DBus.Error.InvalidArgs"
PROPERTY_READ_ONLY = "org.freedesktop.DBus.Error.PropertyReadOnly"

_DOCTYPE = (
    '<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"\n'
    ' "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">\n'
)

Variant = tuple[str, Any]
"""A D-Bus variant as jeepney writes it: (signature, value)."""


class DBusError(Exception):
    """Raised by a method to answer with the D-Bus error ``name``."""

    def __init__(self, name: str, text: str) -> None:
        """Make an error reply named ``name`` carrying ``text``."""
        super().__init__(text)
        self.name = name
        self.text = text


@dataclass(frozen=True)
class Method:
    """A callable member: ``call(*args)`` returns the reply body (a tuple)."""

    in_signature: str
    out_signature: str
    call: Callable[..., tuple[Any, ...]]


@dataclass
class Interface:
    """One interface of an object: methods, read-only properties, and the signals it may send."""

    name: str
    methods: dict[str, Method] = field(default_factory=dict)
    properties: Callable[[], dict[str, Variant]] = dict
    """Current property values, read on each Get/GetAll."""
    signals: dict[str, str] = field(default_factory=dict)
    """Signal name to its signature, for introspection."""


class ExportedObject:
    """An object at ``path`` serving ``interfaces``; pass it to ``LoopBusConnection.export``."""

    def __init__(self, path: str, interfaces: Iterable[Interface]) -> None:
        """Serve ``interfaces`` at ``path``."""
        self.path = path
        self.interfaces = {iface.name: iface for iface in interfaces}
        self._standard = [
            Interface(
                PROPERTIES,
                {
                    "Get": Method("ss", "v", self._get),
                    "GetAll": Method("s", "a{sv}", self._get_all),
                    "Set": Method("ssv", "", self._set),
                },
                signals={"PropertiesChanged": "sa{sv}as"},
            ),
            Interface(INTROSPECTABLE, {"Introspect": Method("", "s", self._introspect)}),
            Interface(PEER, {"Ping": Method("", "", lambda: ())}),
        ]

    def handle(self, message: Message) -> Message:
        """Return the reply (or error) answering the method call ``message``."""
        fields = message.header.fields
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member, "")
        signature = fields.get(HeaderFields.signature, "")
        try:
            out_signature, body = self._call(interface, member, signature, message.body)
        except DBusError as exc:
            return new_error(message, exc.name, "s", (exc.text,))
        return new_method_return(message, out_signature, body)

    def _call(
        self, interface: str | None, member: str, signature: str, args: tuple[Any, ...]
    ) -> tuple[str, tuple[Any, ...]]:
        method = self._find_method(interface, member)
        if signature != method.in_signature:
            raise DBusError(
                INVALID_ARGS, f"{member} takes '{method.in_signature}', got '{signature}'"
            )
        return method.out_signature, tuple(method.call(*args))

    def _find_method(self, interface: str | None, member: str) -> Method:
        for iface in self._all_interfaces():
            if interface in (None, iface.name) and member in iface.methods:
                return iface.methods[member]
        raise DBusError(UNKNOWN_METHOD, f"No method {member} on {interface or 'any interface'}")

    def _all_interfaces(self) -> list[Interface]:
        return [*self.interfaces.values(), *self._standard]

    def _properties_of(self, interface: str) -> dict[str, Variant]:
        iface = self.interfaces.get(interface)
        if iface is None:
            raise DBusError(UNKNOWN_INTERFACE, f"No interface {interface} at {self.path}")
        return iface.properties()

    def _get(self, interface: str, name: str) -> tuple[Variant]:
        values = self._properties_of(interface)
        if name not in values:
            raise DBusError(UNKNOWN_PROPERTY, f"No property {name} on {interface}")
        return (values[name],)

    def _get_all(self, interface: str) -> tuple[dict[str, Variant]]:
        return (self._properties_of(interface),)

    def _set(self, interface: str, name: str, _value: Variant) -> tuple[()]:
        self._get(interface, name)
        raise DBusError(PROPERTY_READ_ONLY, f"{name} is read-only")

    def _introspect(self) -> tuple[str]:
        parts = [_DOCTYPE, "<node>\n"]
        for iface in self._all_interfaces():
            parts.append(_interface_xml(iface))
        parts.append("</node>\n")
        return ("".join(parts),)


def _interface_xml(iface: Interface) -> str:
    lines = [f' <interface name="{iface.name}">']
    for name, method in iface.methods.items():
        lines.append(f'  <method name="{name}">')
        lines += [f'   <arg type="{t}" direction="in"/>' for t in _split(method.in_signature)]
        lines += [f'   <arg type="{t}" direction="out"/>' for t in _split(method.out_signature)]
        lines.append("  </method>")
    for name, variant in iface.properties().items():
        lines.append(f'  <property name="{name}" type="{variant[0]}" access="read"/>')
    for name, signature in iface.signals.items():
        lines.append(f'  <signal name="{name}">')
        lines += [f'   <arg type="{t}"/>' for t in _split(signature)]
        lines.append("  </signal>")
    lines.append(" </interface>\n")
    return "\n".join(lines)


def children_xml(path: str, exported: Iterable[str]) -> str | None:
    """Return introspection XML naming the children of ``path`` among ``exported`` paths.

    None when nothing is exported below ``path`` (the caller then answers UnknownObject).
    """
    prefix = path.rstrip("/") + "/"
    names = sorted({p[len(prefix) :].split("/")[0] for p in exported if p.startswith(prefix)})
    if not names:
        return None
    nodes = "".join(f' <node name="{name}"/>\n' for name in names)
    return f"{_DOCTYPE}<node>\n{nodes}</node>\n"


def _split(signature: str) -> list[str]:
    """Split a D-Bus signature into its complete types ("sa{sv}as" -> s, a{sv}, as)."""
    types: list[str] = []
    i = 0
    while i < len(signature):
        start = i
        while signature[i] == "a":
            i += 1
        if signature[i] in "({":
            depth = 0
            while True:
                depth += signature[i] in "({"
                depth -= signature[i] in ")}"
                i += 1
                if depth == 0:
                    break
        else:
            i += 1
        types.append(signature[start:i])
    return types
