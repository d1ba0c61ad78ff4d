"""python-dbusmock's ``notification_daemon`` template, with its signals introspectable.

The stock template answers ``Notify`` and the rest, and ``EmitSignal`` can send
``ActionInvoked``; but its introspection data lists methods only. Real notification servers
(GNOME Shell, KDE, dunst, mako, notification-daemon) also declare ``ActionInvoked`` and
``NotificationClosed`` there, and desktop-notifier subscribes to the signals it finds in the
introspection data. This template loads the stock one and adds those declarations, nothing
else. dbusmock loads it by path (``spawn_with_template(str(path), ...)``) in its own process.
"""

from __future__ import annotations

from typing import Any

import dbus
import dbus.service
from dbusmock.templates import notification_daemon as stock

BUS_NAME = stock.BUS_NAME
MAIN_OBJ = stock.MAIN_OBJ
MAIN_IFACE = stock.MAIN_IFACE
SYSTEM_BUS = stock.SYSTEM_BUS


def load(mock: Any, parameters: dict[str, Any]) -> None:
    stock.load(mock, parameters)

    @dbus.service.signal(MAIN_IFACE, signature="us")
    def ActionInvoked(self: Any, id: int, action_key: str) -> None:
        """Declared for introspection; the test emits it through the mock's EmitSignal."""

    @dbus.service.signal(MAIN_IFACE, signature="uu")
    def NotificationClosed(self: Any, id: int, reason: int) -> None:
        """Declared for introspection; CloseNotification emits it."""

    for signal in (ActionInvoked, NotificationClosed):
        # The mock's Introspect() lists what is in ``methods``; dbus-python writes a
        # <signal> for every entry marked as one.
        mock.methods[MAIN_IFACE][signal.__name__] = ("", "", "", signal)
