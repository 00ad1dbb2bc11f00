"""Signals sent after a registry change commits (never inside the transaction),
so listeners such as watchlist webhooks only ever announce what is durable."""

from django.dispatch import Signal

# sender=Certificate, certificate=<Certificate>, event=<CertificateEvent>
certificate_status_changed = Signal()
