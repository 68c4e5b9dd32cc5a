"""`revision interview AUDIT [CODE]`: asking and printing, one line at a time.

Plain lines only: a prompt, then the answer on the next line of standard input. No colour,
no cursor movement, nothing redrawn, so the same session runs on a terminal, on a pipe
(answers from a file, one per line) and under a screen reader. What the questions are and
what an answer means is operations/interview_entry.py's business.

This module imports neither typer nor rich: `revision interview AUDIT CODE` is run from
cli/main.py before typer loads, so that the first prompt appears as fast as `revision
--help` (README, Performance); cli/interview.py is the typer command for `--help` and the
rest, and runs the same session.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from revision_cli.i18n import _

if TYPE_CHECKING:
    from revision_cli.operations.interview_entry import Audit, Entry, Item, Opened

INTERRUPTED = 130  # the shell's code for a run stopped with Ctrl-C


class _Back(Exception):
    """The person answered `<`: go back one step."""


class _Ended(Exception):
    """Standard input ended before the interview was confirmed."""


def run_plain(args: list[str]) -> int | None:
    """cli/main.py's way in: AUDIT [CODE] and nothing else, or None (typer answers the rest:
    --help, options, mistakes, in its own words)."""
    if not 1 <= len(args) <= 2 or any(not a or a.startswith("-") for a in args):
        return None
    return run(args[0], args[1] if len(args) == 2 else None)


def run(
    audit: str,
    code: str | None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    ask_in: str | None = None,
) -> int:
    """`ask_in`: the language tag the battery's questions are asked in (None: the repository's)."""
    from revision_cli.errors import RevisionError

    session = Session(stdin or sys.stdin, stdout or sys.stdout, ask_in)
    try:
        return session.main(audit, code)
    except RevisionError as exc:
        session.fail(exc)
        return exc.exit_code


class Session:
    def __init__(self, stdin: TextIO, stdout: TextIO, ask_in: str | None = None):
        self.stdin, self.stdout = stdin, stdout
        self.ask_in = ask_in
        self.terminal = _isatty(stdin) and _isatty(stdout)
        self.audit: Audit | None = None
        self.entry: Entry | None = None
        self.base: Opened | None = None
        self.items: list[Item] = []

    # ------------------------------------------------------------ lines in and out

    def say(self, text: str = "") -> None:
        from revision_cli.characters import terminal_safe

        self.stdout.write("\n".join(terminal_safe(line) for line in text.split("\n")) + "\n")
        self.stdout.flush()

    def ask(self, prompt: str) -> str:
        """One answer line (without its line break); _Ended at the end of the input."""
        from revision_cli.characters import terminal_safe

        prompt = terminal_safe(prompt)
        if self.terminal:
            try:
                return input(prompt)  # line editing where the terminal has it
            except EOFError:
                self.say()
                raise _Ended from None
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        self.stdout.write("\n")  # on a pipe the answer is not echoed: each prompt gets its own line
        if not line:
            raise _Ended
        return line.rstrip("\r\n")

    def fail(self, exc: Exception) -> None:
        from revision_cli.characters import terminal_safe
        from revision_cli.errors import RevisionError

        if isinstance(exc, RevisionError):
            for finding in exc.findings:
                sys.stderr.write(terminal_safe(finding.format()) + "\n")
            message = exc.message
        else:
            message = str(exc)
        sys.stderr.write("revision: " + "\n".join(terminal_safe(line) for line in message.split("\n")) + "\n")
        sys.stderr.flush()

    def yes_no(self, prompt: str, default: bool | None = None) -> bool | None:
        """True or False; None only for Enter without a default."""
        from revision_cli.operations.interview_entry import parse_yes_no

        while True:
            line = self.ask(prompt)
            if not line.strip():
                return default
            answer = parse_yes_no(line)
            if answer is not None:
                return answer
            self.say(_("Answer y (yes) or n (no)."))

    # ------------------------------------------------------------ the session

    def main(self, arg: str, code: str | None) -> int:
        from revision_cli.operations import interview_entry as ie

        try:
            first_group = None
            if code is None:
                code = self._code_first(arg)
            else:
                problem = ie.light_code_problem(code)
                if problem is not None:
                    raise ie.usage(problem)
                peek = ie.peek(arg, code, Path.cwd())
                if peek is not None:  # the first prompt before the models load
                    first_group = self._group(peek.groups, peek.group)
            audit = self.audit = self.audit or ie.open_audit(arg, Path.cwd(), self.ask_in)
            self._open(audit, code)
            if first_group is not None:
                self._set_group(first_group)
            return self._steps(start=1 if first_group is not None else 0)
        except _Ended:
            self.say(_("The input ended before the interview was confirmed; nothing was written."))
            return 1
        except KeyboardInterrupt:
            return self._interrupted()

    def _code_first(self, arg: str) -> str:
        from revision_cli.operations import interview_entry as ie

        while True:
            code = self.ask(_("Respondent code (a code such as b1, never a name): ")).strip()
            if not code:
                continue
            problem = ie.light_code_problem(code)
            if problem is None:
                self.audit = self.audit or ie.open_audit(arg, Path.cwd(), self.ask_in)
                problem = ie.code_problem(self.audit, code)
            if problem is None:
                return code
            self.say(problem)

    def _open(self, audit: Audit, code: str) -> None:
        from revision_cli.operations import interview_entry as ie

        problem = ie.code_problem(audit, code, editing=audit.path_of(code) is not None)
        if problem is not None:
            raise ie.usage(problem)
        if audit.note is not None:
            sys.stderr.write(audit.note + "\n")  # beside the prompts, not among the answers' lines
        self.base = ie.open_interview(audit, code)
        self.target = self.base.path if self.base is not None else audit.folder / ie.INTERVIEWS_DIR / f"{code}.yaml"
        self.replace = self.base is not None
        draft = ie.open_interview(audit, code, draft=True)
        if draft is not None:
            go_on = self.yes_no(
                _("A draft of {code} was kept ({file}); go on from it? (y/n) [y]: ").format(
                    code=code, file=_shown(draft.path)
                ),
                default=True,
            )
            if go_on:
                self.base = draft
        if self.base is not None:
            self.entry = ie.Entry(**vars(self.base.entry))
            self.entry.answers = dict(self.base.entry.answers)
            self.entry.quotes = list(self.base.entry.quotes)
            self.entry.interviewers = list(self.base.entry.interviewers)
            if self.replace and not self.base.draft:
                self.say(_("Changing {file}: Enter keeps the answer in brackets.").format(file=_shown(self.target)))
        else:
            self.entry = ie.Entry(code, date=ie.today())
        self._set_group(self.entry.group if self.entry.group in audit.battery.groups else "")
        self.say(
            _(
                "Enter leaves a question unanswered (or keeps the answer in brackets); - clears an answer; "
                "< goes back; a comment follows #, e.g. 2 # a comment. Ctrl-C stops."
            )
        )

    def _set_group(self, group: str) -> None:
        assert self.audit is not None and self.entry is not None
        self.entry.group = group
        self.items = self.audit.items(group) if group else []

    def _steps(self, start: int) -> int:
        """The steps, in order, each able to go back to the one before it."""
        step = start
        while True:
            steps = ["group", "date", "interviewers", "consent", *range(len(self.items)), "quotes", "confirm"]
            if step >= len(steps):
                return 0
            name = steps[step]
            try:
                if name == "confirm":
                    done = self._confirm()
                    if done is not None:
                        return done
                elif isinstance(name, int):
                    self._question(name)
                else:
                    getattr(self, f"_step_{name}")()
            except _Back:
                step = max(step - 1, 0)
                continue
            step += 1

    def _step_group(self) -> None:
        assert self.audit is not None and self.entry is not None
        self._set_group(self._group(self.audit.battery.groups, self.entry.group or None, back=True))

    def _group(self, groups: list[str], default: str | None, back: bool = False) -> str:
        choices = "  ".join(f"{i} {g}" for i, g in enumerate(groups, 1))
        while True:
            line = self.ask(
                _("Group ({choices}){default}: ").format(choices=choices, default=_default(default))
            ).strip()
            if line == "<" and back:
                raise _Back
            if not line and default:
                return default
            if line.isdigit() and 1 <= int(line) <= len(groups):
                return groups[int(line) - 1]
            if line in groups:
                return line
            self.say(_("Choose a group by its number or name: {choices}").format(choices=choices))

    def _step_date(self) -> None:
        from revision_cli.operations import interview_entry as ie

        assert self.entry is not None
        default = self.entry.date.isoformat() if self.entry.date else None
        while True:
            line = self.ask(_("Date (YYYY-MM-DD){default}: ").format(default=_default(default))).strip()
            if line == "<":
                raise _Back
            if not line and default:
                return
            try:
                self.entry.date = ie.parse_date(line)
                return
            except ie.AnswerError as exc:
                self.say(str(exc))

    def _step_interviewers(self) -> None:
        from revision_cli.operations import interview_entry as ie

        assert self.audit is not None and self.entry is not None
        if not self.audit.team:
            self.say(_("The audit's team is empty (audit.yaml): no interviewers to choose."))
            return
        choices = "  ".join(f"{i} {member}" for i, (member, _role) in enumerate(self.audit.team, 1))
        default = " ".join(self.entry.interviewers) or None
        while True:
            line = self.ask(
                _("Interviewers, by number or id ({choices}){default}: ").format(
                    choices=choices, default=_default(default)
                )
            ).strip()
            if line == "<":
                raise _Back
            if not line:
                return
            try:
                self.entry.interviewers = [] if line == "-" else ie.parse_interviewers(self.audit, line)
                return
            except ie.AnswerError as exc:
                self.say(str(exc))

    def _step_consent(self) -> None:
        assert self.entry is not None
        default = None if self.entry.consent is None else _yes_no_word(self.entry.consent)
        while True:
            line = self.ask(
                _("Did the respondent consent to the answers being used? (y/n){default}: ").format(
                    default=_default(default)
                )
            ).strip()
            if line == "<":
                raise _Back
            if not line:
                return
            if line == "-":
                self.entry.consent = None
                return
            from revision_cli.operations.interview_entry import parse_yes_no

            answer = parse_yes_no(line)
            if answer is not None:
                self.entry.consent = answer
                return
            self.say(_("Answer y (yes) or n (no)."))

    def _question(self, index: int) -> None:
        from revision_cli.operations import interview_entry as ie

        assert self.entry is not None
        item = self.items[index]
        self.say()
        heading = f" · {item.heading}" if item.heading else ""
        self.say(_("Question {n} of {total}").format(n=index + 1, total=len(self.items)) + heading)
        self.say(item.text)
        self.say(item.choices() or _("(free text)"))
        current = self.entry.answers.get(item.id, ie.Answer())
        while True:
            line = self.ask(_("Answer{default}: ").format(default=_default(_answer_shown(item, current))))
            if line.strip() == "<":
                raise _Back
            if not line.strip():
                return  # unanswered, or the answer kept
            try:
                answer = ie.parse_answer(item, line)
            except ie.AnswerError as exc:
                self.say(str(exc))
                continue
            if answer.empty:
                self.entry.answers.pop(item.id, None)
                if item.id in (self.base.entry.answers if self.base else {}):
                    self.entry.answers[item.id] = ie.Answer()
            else:
                self.entry.answers[item.id] = answer
            return

    def _step_quotes(self) -> None:
        assert self.entry is not None
        self.say()
        self.say(_("Quotes: what the respondent said that the report may quote. Never a name."))
        kept: list[tuple[str, bool]] = []
        for n, (text, publish) in enumerate(self.entry.quotes, 1):
            self.say(_("Quote {n}: {text}").format(n=n, text=text))
            line = self.ask(_("Enter keeps it, - removes it, or write it anew: ")).strip()
            if line == "<" and n == 1:
                raise _Back
            if line == "-":
                continue
            if line:
                text = line
            answer = self.yes_no(
                _("May it be published in the report? (y/n) [{default}]: ").format(default=_yes_no_word(publish)),
                default=publish,
            )
            kept.append((text, bool(answer)))
        while True:
            line = self.ask(_("A quote (Enter when there are no more): ")).strip()
            if line == "<" and not kept and not self.entry.quotes:
                raise _Back
            if not line:
                break
            said: bool | None = None
            while said is None:  # a quote is published only when someone said so
                said = self.yes_no(_("May it be published in the report? (y/n): "))
            kept.append((line, said))
        self.entry.quotes = kept

    def _confirm(self) -> int | None:
        from revision_cli.operations import interview_entry as ie

        assert self.audit is not None and self.entry is not None
        entry = self.entry
        self.say()
        self.say(self._summary())
        answer = None
        while answer is None:
            line = self.ask(_("Write {file}? (y/n, < goes back): ").format(file=_shown(self.target))).strip()
            if line == "<":
                raise _Back
            answer = ie.parse_yes_no(line)
        if not answer:
            self.say(_("Nothing was written."))
            return 1
        order = [item.id for item in self.items]
        text = ie.build(self.audit, entry, self.base, self.target, order)
        findings = ie.check(self.audit, self.target, text, entry)
        errors = [f for f in findings if f.severity.value == "error"]
        if errors:
            for finding in errors:
                self.say(finding.format())
            self.say(_("The interview has errors; nothing was written."))
            return 1
        ie.write(self.audit, self.target, text, replace=self.replace, draft_of=entry.respondent)
        for finding in findings:
            self.say(finding.format())
        self.say(_("Wrote {file}.").format(file=_shown(self.target)))
        return 0

    def _summary(self) -> str:
        assert self.entry is not None
        entry = self.entry
        consent = _("not recorded") if entry.consent is None else _yes_no_word(entry.consent)
        lines = [
            _("Summary of {code}: group {group}, date {date}, interviewers {who}, consent {consent}").format(
                code=entry.respondent,
                group=entry.group,
                date=entry.date.isoformat() if entry.date else _("none"),
                who=" ".join(entry.interviewers) or _("none"),
                consent=consent,
            )
        ]
        unanswered = 0
        for n, item in enumerate(self.items, 1):
            answer = entry.answers.get(item.id)
            shown = _answer_shown(item, answer) if answer is not None else None
            if not shown:
                unanswered += 1
                shown = _("(unanswered)")
            lines.append(f"{n:>3} {item.id}: {shown}")
        lines.append(_("Unanswered: {n} of {total}").format(n=unanswered, total=len(self.items)))
        published = sum(1 for _text, publish in entry.quotes if publish)
        lines.append(_("Quotes: {n} ({published} may be published)").format(n=len(entry.quotes), published=published))
        return "\n".join(lines)

    def _interrupted(self) -> int:
        from revision_cli.operations import interview_entry as ie

        self.say()
        if self.audit is None or self.entry is None or not self.entry.group:
            self.say(_("Stopped; nothing was written."))
            return INTERRUPTED
        try:
            keep = self.yes_no(_("Stopped. Keep a draft of what was entered so far? (y/n) [n]: "), default=False)
        except (KeyboardInterrupt, _Ended):
            keep = False
            self.say()
        if not keep:
            self.say(_("Nothing was written."))
            return INTERRUPTED
        path = ie.write_draft(self.audit, self.entry, self.base, [item.id for item in self.items])
        self.say(
            _(
                "Kept a draft in {file}; it is not read as an interview. Go on with: revision interview {audit} {code}"
            ).format(file=_shown(path), audit=self.audit.folder.name, code=self.entry.respondent)
        )
        return INTERRUPTED


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _shown(path: Path) -> str:
    from revision_cli.errors import display_path

    return display_path(path)


def _default(value: str | None) -> str:
    return f" [{value}]" if value else ""


def _yes_no_word(value: bool) -> str:
    return _("yes") if value else _("no")


def _answer_shown(item: Item, answer: object) -> str | None:
    from revision_cli.operations.interview_entry import Answer

    if not isinstance(answer, Answer) or answer.empty:
        return None
    shown = item.shown(answer.value) if answer.value is not None else ""
    return f"{shown} # {answer.comment}".strip() if answer.comment else shown
