import json
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from qualitycert.credit import actions
from qualitycert.credit.default_model import DEFAULT_SPEC
from qualitycert.credit.models import CreditError, GradingModel

from ..dates import parse_day, signer


class Command(BaseCommand):
    help = ("Grading models: `export --version N` (the published model as JSON an "
            "outsider can recompute grades with), `draft --file F --name N --signer U`, "
            "`preview --version N --signer U`, `publish --version N --reason R --signer U`.")

    def add_base_argument(self, parser, *args, **kwargs):  # type: ignore[no-untyped-def]
        # `--version N` names a model version here (DESIGN.md §4), not Django's.
        if "--version" not in args:
            super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("step", choices=["export", "draft", "preview", "publish"])
        parser.add_argument("--version", type=int)
        parser.add_argument("--output", help="export: write here instead of stdout")
        parser.add_argument("--file", help="draft: the model JSON (default: the shipped model)")
        parser.add_argument("--name", default="质量信用评价模型")
        parser.add_argument("--as-of", help="preview: the reference date (default: today)")
        parser.add_argument("--reason", default="")
        parser.add_argument("--signer")

    def model(self, version: int | None) -> GradingModel:
        found = GradingModel.objects.filter(version=version).first() if version else None
        if found is None:
            raise CommandError(gettext("没有版本为 %(version)s 的评价模型（--version N）")
                               % {"version": version}, returncode=2)
        return found

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        step = options["step"]
        try:
            if step == "export":
                text = json.dumps(actions.export_model(self.model(options["version"])),
                                  ensure_ascii=False, indent=2, sort_keys=True) + "\n"
                if options["output"]:
                    Path(options["output"]).write_text(text, encoding="utf-8")
                else:
                    sys.stdout.write(text)
                return
            actor = signer(options["signer"])
            if step == "draft":
                spec = DEFAULT_SPEC
                if options["file"]:
                    try:
                        spec = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
                    except (OSError, ValueError) as exc:
                        raise CommandError(gettext("无法读取 %(path)s：%(error)s")
                                           % {"path": options["file"], "error": exc},
                                           returncode=2) from exc
                model = actions.create_draft(name=options["name"], spec=spec, actor=actor)
                self.stdout.write(gettext("草稿 v%(version)s") % {"version": model.version})
            elif step == "preview":
                summary = actions.preview_model(self.model(options["version"]),
                                                as_of=parse_day(options["as_of"], "--as-of"),
                                                actor=actor)
                self.stdout.write(json.dumps({k: summary[k] for k in (
                    "as_of", "graded", "distribution", "current_distribution", "moves")},
                    ensure_ascii=False))
            else:
                model = actions.publish_model(self.model(options["version"]),
                                              reason=options["reason"], actor=actor)
                self.stdout.write(gettext("已发布 v%(version)s，SHA-256 %(digest)s")
                                  % {"version": model.version, "digest": model.spec_digest})
        except (CreditError, PermissionDenied) as exc:
            raise CommandError(str(exc), returncode=2) from exc
