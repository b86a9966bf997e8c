"""`{{ entry.action|ledger_label }}`: a ledger action in words (audit/labels.py)."""

from __future__ import annotations

from django import template

from registrar.audit.labels import label

register = template.Library()
register.filter("ledger_label", label)
