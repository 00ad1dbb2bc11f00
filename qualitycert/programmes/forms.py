"""Forms turn input into domain types; the rules are in actions.py."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycert.plan.models import Department

from .models import TrainingAudience

# <input type=date> needs ISO dates, whatever the locale prints (issue 11).
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrainingSessionForm(forms.Form):
    title = forms.CharField(label=_("培训名称"), max_length=200)
    held_on = forms.DateField(label=_("培训日期"), widget=ISO_DATE)
    organiser = forms.ModelChoiceField(label=_("组织单位"), queryset=Department.objects.all())
    audience = forms.ChoiceField(label=_("主要对象"), choices=TrainingAudience.choices)
    participants = forms.IntegerField(label=_("参训人数"), min_value=1, max_value=100_000)
    enterprises = forms.IntegerField(label=_("参训企业数"), min_value=0, max_value=100_000,
                                     initial=0)
    internal_auditors = forms.IntegerField(label=_("其中内审员人数"), min_value=0,
                                           max_value=100_000, initial=0)
    inspectors = forms.IntegerField(label=_("其中监管执法人员人数"), min_value=0,
                                    max_value=100_000, initial=0)
    hours = forms.DecimalField(label=_("学时"), min_value=0, max_value=1000, max_digits=5,
                               decimal_places=1, initial=0)

    def __init__(self, *args: Any, unit: Department | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unit is not None:
            # A unit records its own sessions: the choice is made for it.
            organiser = cast(forms.ModelChoiceField, self.fields["organiser"])  # type: ignore[type-arg]
            organiser.queryset = Department.objects.filter(pk=unit.pk)
            organiser.initial = unit.pk
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("培训日期不能晚于今天"))
        return held_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total = data.get("participants")
        if total is not None:
            for name in ("internal_auditors", "inspectors"):
                if (data.get(name) or 0) > total:
                    self.add_error(name, _("不能超过参训人数"))
        return data
