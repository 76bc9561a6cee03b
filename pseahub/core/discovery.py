"""What each app registers by convention, found through the installed app configs, so that core (the lowest
layer) imports no app above it (see the main README's Layout).

- ``pseahub/<app>/periodic.py``: ``PERIODIC_TASKS: list[tuple[Task, int]] = [(task, every_seconds), ...]``,
  enqueued by ``manage.py run_scheduler``.
- ``pseahub/<app>/demo.py``: ``DEMO_ORDER: int`` (loaded in ascending order: an app's demo data may rely on the
  data of lower orders) and ``load(options: DemoOptions) -> dict[str, int]`` (what it added, by kind), run by
  ``manage.py load_demo``.
- ``pseahub/<app>/report_addresses.py``: ``public_report_addresses() -> list[tuple[str, str]]``: the (channel
  type, address) of the enabled channels people can use to report, for the public directory; the types are
  ``hotline``, ``sms``, ``whatsapp`` and ``email``.
- ``pseahub/<app>/public_documents.py``: ``public_documents() -> list[PublicDocument]``: documents anyone may read
  (the network's public TORs and SOPs), for the public directory.
- ``pseahub/<app>/public_messages.py``: ``public_messages(language: str) -> list[PublicMessage]``: the network's
  public key messages (assistance is free, how to report, people's rights) in the page's ``language``, each with its
  local-language versions, for the public directory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule
from django_tasks.base import Task

PROJECT_PACKAGE = "pseahub."


@dataclass(frozen=True)
class DemoOptions:
    complaints: int = 400  # how many demo complaints (two years of a Mali network, pseahub/cases/demo.py)


DemoLoader = Callable[[DemoOptions], dict[str, int]]


@dataclass(frozen=True)
class PublicDocument:
    """A document anyone may download: its title, what kind of document it is and its language, in words."""

    title: str
    kind: str
    language: str
    language_code: str
    url: str


@dataclass(frozen=True)
class PublicMessage:
    """A key message anyone may read: its topic and text in the page's language, and its versions in local
    languages as (language code, language name, text)."""

    topic: str
    text: str
    language_code: str
    local: tuple[tuple[str, str, str], ...] = ()


def _submodules(name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """The ``name`` module of every installed project app that has one, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        if app_config.name.startswith(PROJECT_PACKAGE) and module_has_submodule(app_config.module, name):
            yield app_config, import_module(f"{app_config.name}.{name}")


def _required(module: ModuleType, attribute: str) -> Any:
    try:
        return getattr(module, attribute)
    except AttributeError as exc:
        raise ImproperlyConfigured(f"{module.__name__} must define {attribute} (see pseahub.core.discovery).") from exc


def periodic_tasks() -> list[tuple[Task[Any, Any], int]]:
    """Every app's periodic tasks with their interval in seconds."""
    found: list[tuple[Task[Any, Any], int]] = []
    for _app_config, module in _submodules("periodic"):
        for periodic_task, every in _required(module, "PERIODIC_TASKS"):
            if not (isinstance(every, int) and every > 0):
                raise ImproperlyConfigured(f"{module.__name__}: the interval of {periodic_task} must be seconds > 0.")
            found.append((periodic_task, every))
    return found


def demo_loaders() -> list[tuple[str, DemoLoader]]:
    """Every app's demo loader as (app label, loader), in the order they must run."""
    loaders = [
        (int(_required(module, "DEMO_ORDER")), app_config.label, _required(module, "load"))
        for app_config, module in _submodules("demo")
    ]
    return [(label, loader) for _order, label, loader in sorted(loaders, key=lambda item: item[:2])]


def public_report_addresses() -> list[tuple[str, str]]:
    """Every app's enabled public report addresses as (channel type, address), in INSTALLED_APPS order."""
    found: list[tuple[str, str]] = []
    for _app_config, module in _submodules("report_addresses"):
        found.extend(_required(module, "public_report_addresses")())
    return found


def public_documents() -> list[PublicDocument]:
    """Every app's public documents, in INSTALLED_APPS order."""
    found: list[PublicDocument] = []
    for _app_config, module in _submodules("public_documents"):
        found.extend(_required(module, "public_documents")())
    return found


def public_messages(language: str) -> list[PublicMessage]:
    """Every app's public key messages in ``language``, in INSTALLED_APPS order."""
    found: list[PublicMessage] = []
    for _app_config, module in _submodules("public_messages"):
        found.extend(_required(module, "public_messages")(language))
    return found
