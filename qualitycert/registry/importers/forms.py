"""The upload form and the upload handler that stops an oversized file early."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..models import ImportKind


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Spools uploads to disk (the reader needs a path) and stops reading once
    the body passes the limit, instead of storing the whole oversized file."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.http_request = request
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.http_request.upload_too_large = True  # type: ignore[attr-defined]
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("数据类型"))
    file = forms.FileField(label=_("文件"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}))
    dry_run = forms.BooleanField(label=_("仅校验，不写入"),
                                 required=False)

    def __init__(self, *args: Any, kinds: list[ImportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k.value, k.label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value
