"""Forms turn what the public typed into plain values; the rules are in actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("证书编号、统一社会信用代码或企业名称"),
        max_length=200, required=False,
        error_messages={
            "max_length": _("查询内容过长：最多 %(limit_value)d 个字符（现有 %(show_value)d 个）。"),
            "null_characters_not_allowed": _("查询内容含有无法识别的字符。"),
        },
        widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "search",
                                      "autocomplete": "off", "enterkeyhint": "search"}))


class ForgeryReportForm(forms.Form):
    certificate_number = forms.CharField(
        label=_("证书编号（如证书上所印）"), max_length=100,
        required=False)
    claimed_body = forms.CharField(label=_("证书上的认证机构"),
                                   max_length=200, required=False)
    claimed_holder = forms.CharField(
        label=_("出示证书的企业"), max_length=200,
        required=False)
    where_seen = forms.CharField(
        label=_("在何处看到（招标文件、产品标签、网站……）"),
        max_length=300, required=False)
    description = forms.CharField(label=_("情况说明"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    contact = forms.CharField(
        label=_("联系方式（选填，仅用于核查）"),
        max_length=200, required=False)
    # Left empty by people, filled by form-spamming scripts.
    website = forms.CharField(required=False, label="",
                              widget=forms.TextInput(attrs={"tabindex": "-1",
                                                            "autocomplete": "off",
                                                            "class": "hp"}))

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
