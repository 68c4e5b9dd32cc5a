"""The fixed words of the report and site templates, which see them as `L.<key>`.

Each is an English message id in the gettext catalogue, with its Swedish in sv.po (`make
messages` extracts them from here), looked up in the language the report or site is
written in (`--lang`, else revision.yaml's `language`), which need not be the command
line's. A repository's own `templates/labels.yaml` is merged over these key by key and
language by language (render/report.py `labels`). Sentences with %(name)s get values
filled in by the template; a translation keeps those placeholders.
"""

from __future__ import annotations

from gettext import NullTranslations

from revision_cli.views.per_language import PerLanguage


def _labels(tr: NullTranslations) -> dict[str, str]:
    return {
        # Title facts
        "unit": tr.gettext("Unit"),
        "organisation": tr.gettext("Organisation"),
        "site_visit": tr.gettext("Site visit"),
        "feedback_meeting": tr.gettext("Feedback meeting"),
        "battery": tr.gettext("Question battery"),
        "version": tr.gettext("version"),
        "team": tr.gettext("Audit team"),
        "status": tr.gettext("Status"),
        "report_date": tr.gettext("Report date"),  # the day the report was made
        # How the audit was made
        "method": tr.gettext("How the audit was made"),
        "respondents": tr.gettext("Respondents by group"),
        "group": tr.gettext("Group"),
        "respondent_count": tr.gettext("Number of respondents"),
        "total": tr.gettext("Total"),
        "too_few": tr.gettext("Too few respondents to report"),
        "ratings_explained": tr.gettext(
            "The team rates each sub-area and area green, yellow or red. The report shows both the team’s rating "
            "and the colour computed from the answers. Where they differ, this is marked. The appendix describes "
            "how the colours are computed."
        ),
        # Summary
        "summary": tr.gettext("Summary"),
        "feedback_discussion": tr.gettext("Discussion at the feedback meeting"),
        # Per area
        "strengths": tr.gettext("Strengths (+)"),
        "improvements": tr.gettext("Areas for improvement (−)"),
        "questions": tr.gettext("Questions (?)"),
        "colour_ratings": tr.gettext("Colour ratings"),
        "subarea": tr.gettext("Sub-area"),
        "team_rating": tr.gettext("Team’s rating"),
        "computed": tr.gettext("Computed"),
        "share": tr.gettext("Share"),
        "answers_n": tr.gettext("Answers (n)"),
        "share_n": tr.gettext("Share (n)"),  # the colour table: the share, and the number of answers in brackets
        "excluded": tr.gettext("Not counted"),
        "area_total": tr.gettext("Overall rating"),
        "differs": tr.gettext("The team’s rating differs from the computed one"),
        "no_team_rating": tr.gettext("computed colour, the team made no rating of its own"),
        "explanations": tr.gettext("How the colours were computed"),
        "motivations": tr.gettext("The team’s reasoning"),
        # Since last time (a follow-up audit: audit.yaml follows_up)
        "since_last_time": tr.gettext("Since last time"),
        "earlier_audit": tr.gettext("Audit followed up"),
        "before": tr.gettext("Last audit"),
        "now": tr.gettext("Now"),
        "change": tr.gettext("Change"),
        "earlier_actions": tr.gettext("Actions after the last audit"),
        "no_earlier_actions": tr.gettext("No improvement actions were recorded after the last audit."),
        # Improvement actions (actions.yaml)
        "actions": tr.gettext("Improvement actions"),
        "action": tr.gettext("Action"),
        "action_subareas": tr.gettext("Sub-areas"),
        # The colour overview at the top: every area and sub-area, the team's colour and the computed one
        "overview": tr.gettext("Colour overview"),
        "overview_item": tr.gettext("Area / sub-area"),
        "overview_team": tr.gettext("Team's assessment"),
        "overview_computed": tr.gettext("Computed from the answers"),
        "action_answers": tr.pgettext("column: what an action answers", "Answers"),
        "asked_of": tr.gettext("Asked of"),  # the groups a question was asked of, in the appendix
        "overdue": tr.gettext("overdue"),  # as `revision actions` marks an open action past its due date
        "owner": tr.gettext("Owner"),
        "due": tr.gettext("Due"),
        "action_status": tr.gettext("Status"),
        "follow_up": tr.gettext("Follow-up"),
        "latest_event": tr.gettext("Latest follow-up"),
        # Quotes
        "quotes": tr.gettext("Quotes"),
        # Appendix
        "appendix": tr.gettext("Appendix: questions and answers"),
        "question": tr.gettext("Question"),
        "scale": tr.gettext("Answer scale"),
        "rating": tr.gettext("Colour"),
        "free_text": tr.gettext("free text, not rated"),
        "distribution": tr.gettext("Answers by option"),
        "answer": tr.gettext("Answer"),
        "answer_count": tr.gettext("Count"),
        "not_counted": tr.gettext("not counted"),
        "how_share": tr.gettext(
            "The share is the mean score of the counted answers (for example yes = 1, partly = ½, no = 0). A "
            "sub-area’s share is the mean of its questions’ shares, and an area’s share the mean of its "
            "sub-areas’. Answers without a score, such as “don’t know”, are not counted but are reported as not "
            "counted. Free-text answers are not rated."
        ),
        "thresholds": tr.gettext(
            "Green when the share is at least %(green)s (%(green_percent)s), yellow when at least %(yellow)s "
            "(%(yellow_percent)s), otherwise red; fewer than %(min_answers)s counted answers: insufficient data."
        ),
        # Fidelity scales (battery sections of items the reviewers score; templates/_fidelity.*.j2)
        "fidelity": tr.pgettext("fidelity", "Fidelity"),
        "fidelity_explained": tr.gettext(
            "The reviewers agreed on a score for each item of the scale. The total of the scores decides the level "
            "of fidelity the service reaches. The table of items shows what each score given means."
        ),
        "fidelity_total": tr.pgettext("fidelity", "Total"),
        "fidelity_possible": tr.gettext("possible total"),
        "fidelity_mean": tr.gettext("Mean item score"),
        "fidelity_band": tr.pgettext("fidelity", "Band"),
        "fidelity_bands": tr.gettext("Bands of the total"),
        "fidelity_range": tr.gettext("Total from–to"),
        "fidelity_applies": tr.gettext("Applies"),
        "fidelity_applies_yes": tr.gettext("Applies to this review"),
        "fidelity_no_band": tr.gettext("The scale has no bands; the total and means are shown without one."),
        "fidelity_sections": tr.gettext("Sections"),
        "fidelity_section": tr.gettext("Section"),
        "fidelity_items_n": tr.gettext("Items"),
        "fidelity_items": tr.gettext("Items and scores"),
        "fidelity_item": tr.gettext("Item"),
        "fidelity_score": tr.gettext("Score"),
        "fidelity_anchor": tr.gettext("What the score means"),
        "fidelity_reviewers": tr.gettext("Reviewers’ own scores"),
        "fidelity_note": tr.gettext("Note"),
        "fidelity_recommendation": tr.gettext("Recommendation"),
        "fidelity_not_scored": tr.gettext("not scored"),
        "fidelity_missing_in_section": tr.gettext("not scored: %(n)s"),
        # Footer
        "generated_by": tr.gettext("Report generated by"),
        # Rated statements (a battery's statements: a quality declaration rated 1–5)
        "statements": tr.pgettext("report heading", "Rated statements"),
        "statements_intro": tr.gettext(
            "Respondents rated each statement on a scale. The table shows the number of counted answers (n), the "
            "mean, the median and the share of positive answers. Statements left unanswered are not counted. With "
            "fewer than %(min_answers)s counted answers only the number and the distribution are shown, no mean."
        ),
        "statement": tr.gettext("Statement"),
        "mean": tr.gettext("Mean"),
        "median": tr.gettext("Median"),
        "share_from": tr.gettext("Share %(limit)s or higher"),
        "share_positive": tr.gettext("Share positive"),
        "statement_distribution": tr.gettext("Number of answers by value"),
        "statement_notes": tr.gettext("About the figures"),
        # Open interviews coded with themes (themes in the battery or audit.yaml)
        "no_colours_explained": tr.gettext(
            "The questions are answered in the respondents’ own words. The report therefore shows no colours, but "
            "the themes that came up in the interviews."
        ),
        "themes": tr.gettext("Themes"),
        "themes_intro": tr.gettext(
            "The team coded the answers with themes. An interview counts once per theme, however many of its "
            "answers raised it. The figures cover everyone interviewed together, never one group on its own, and "
            "are material for the analysis seminar."
        ),
        "audit_theme": tr.gettext("a theme of this audit"),
        "theme_questions": tr.gettext("Came up under the questions"),
        "theme_quotes": tr.gettext("Quotes on this theme"),
        "area_themes": tr.gettext("Themes under this area’s questions"),
        "no_area_themes": tr.gettext("No answer to this area’s questions has been coded with a theme."),
        "quotes_unthemed": tr.gettext("Quotes without a theme"),
        "answers_given": tr.gettext("Answers"),
    }


def _site(tr: NullTranslations) -> dict[str, str]:
    return {
        "site_title": tr.gettext("User audits"),
        "overview": tr.gettext("Overview"),
        "status": tr.gettext("Status"),
        "site_nav": tr.gettext("Site sections"),
        "as_of": tr.gettext("As of %(today)s."),
        "generated_by": tr.gettext("Pages generated by"),
        # Index: the grid of latest colours
        "latest_colours": tr.gettext("Latest colours by unit"),
        "grid_intro": tr.gettext(
            "Each row is a unit and shows its latest audit (the one with the latest site visit): the final colour "
            "of every sub-area and area – the team’s rating where the team made one, otherwise the colour computed "
            "from the answers. Units audited with different question batteries are in separate tables."
        ),
        "grid_caption": tr.gettext("Latest colours: %(battery)s, version %(version)s"),
        "unit": tr.gettext("Unit"),
        "latest_audit": tr.gettext("Latest audit"),
        "area_total": tr.gettext("Overall rating"),
        "no_units": tr.gettext("There is no audit to show yet."),
        "with_errors": tr.gettext("Audits with errors"),
        "with_errors_intro": tr.gettext(
            "These audits have errors in their files and are therefore shown without colours. Run revision "
            "validate to see the errors."
        ),
        "latest_hidden": tr.gettext("the unit’s latest audit; the unit is therefore missing from the table above"),
        "no_date": tr.gettext("no date"),
        "report": tr.gettext("report"),
        # Status table
        "status_heading": tr.gettext("Status of every audit"),
        "status_caption": tr.gettext("Status by audit"),
        "audit": tr.gettext("Audit"),
        "battery": tr.gettext("Question battery"),
        "phase": tr.gettext("Phase"),
        "site_visit": tr.gettext("Site visit"),
        "feedback_meeting": tr.gettext("Feedback meeting"),
        "follows_up": tr.gettext("Follows up"),
        "open_actions": tr.gettext("Open actions"),
        "overdue_actions": tr.gettext("Overdue actions"),
        "follow_up_due": tr.gettext("Follow-up due"),
        "overdue": tr.gettext("overdue"),
        "errors": tr.gettext("Errors"),
        "colour_count": tr.gettext("Number of sub-areas rated %(word)s"),
        "no_status": tr.gettext("No audits yet."),
        # Unit page
        "unit_title": tr.gettext("Unit: %(unit)s"),
        "organisation": tr.gettext("Organisation"),
        "audits_over_time": tr.gettext("Audits over time"),
        "audits_caption": tr.gettext("The unit’s audits, oldest first"),
        "colours_over_time": tr.gettext("Colours over time"),
        "colours_caption": tr.gettext("Final colour by sub-area and audit, oldest first"),
        "subarea": tr.gettext("Sub-area"),
        "not_in_battery": tr.gettext("not in that battery"),
        "no_colours": tr.gettext("None of the unit’s audits can be shown with colours yet."),
        "date": tr.gettext("Date"),
        # Audit with errors
        "audit_title": tr.gettext("Audit: %(slug)s"),
        "audit_has_errors": tr.gettext(
            "The audit %(slug)s has %(errors)s in its files. Therefore no colours or figures are shown for it."
        ),
        "run_validate": tr.gettext("Run this command in the audit repository to see the errors and fix them:"),
    }


def _indicators(tr: NullTranslations) -> dict[str, str]:
    """Indicators over time (indicators.yaml): templates/_indicators.*.j2 and the site's unit page."""
    return {
        "indicators": tr.gettext("Indicators over time"),
        "indicators_intro": tr.gettext(
            "Each indicator is shown as a run chart: the measurements in date order, the median of them all as a "
            "dashed line and the target as a dotted one. A shift is six or more points in a row on one side of "
            "the median; a trend is five or more points in a row going up, or going down. A point on the median, "
            "or equal to the one before it, neither counts nor breaks them. Either is a sign that something has "
            "changed, more than chance would explain. Points that are part of a shift or a trend are drawn as "
            "squares, and the table names them."
        ),
        "indicator_unit": tr.gettext("Unit of measure"),
        "indicator_direction": tr.gettext("Direction"),
        "indicator_median": tr.gettext("Median"),
        "baseline": tr.gettext("Baseline"),
        "target": tr.gettext("Target"),
        "latest": tr.gettext("Latest value"),
        "measurements": tr.gettext("Measurements"),
        "measurement_date": tr.gettext("Date"),
        "measurement_value": tr.gettext("Value"),
        "measurement_note": tr.gettext("Note"),
        "signal": tr.gettext("Signal"),
        "signals": tr.gettext("Signals"),
        "chart_key_point": tr.gettext("measurement"),
        "chart_key_marked": tr.gettext("part of a shift or trend"),
    }


REPORT = PerLanguage(
    lambda tr: {**_labels(tr), **_indicators(tr)}
)  # report.md.j2, report.html.j2 and the parts they include
SITE = PerLanguage(lambda tr: {**_site(tr), **_indicators(tr)})  # site/*.html.j2


def _form(tr: NullTranslations) -> dict[str, str]:
    return {
        "form_title": tr.gettext("Interview form: %(unit)s"),
        "guide_title": tr.gettext("Interview guide: %(unit)s"),
        # Title facts
        "unit": tr.gettext("Unit"),
        "organisation": tr.gettext("Organisation"),
        "audit": tr.gettext("Audit"),
        "site_visit": tr.gettext("Site visit"),
        "battery": tr.gettext("Question battery"),
        "version": tr.gettext("version"),
        "group": tr.gettext("Group"),
        "no_names": tr.gettext("Write no names, personal identity numbers or phone numbers on this form."),
        # The boxes at the top
        "interview": tr.gettext("The interview"),
        "respondent_code": tr.gettext("Respondent code"),
        "respondent_code_note": tr.gettext("a code such as %(code)s, never a name"),
        "interview_date": tr.gettext("Date of the interview"),
        "interviewers": tr.gettext("Interviewers"),
        "interviewers_note": tr.gettext("the team’s letters"),
        "consent": tr.gettext("Consent"),
        "consent_sentence": tr.gettext(
            "I have been told what the interview is for, that taking part is voluntary and that I may stop at any "
            "time. My answers are reported without my name. I agree that my answers are used in the user audit."
        ),
        "yes": tr.pgettext("form box", "yes"),
        "no": tr.pgettext("form box", "no"),
        # Questions
        "statements": tr.pgettext("report heading", "Rated statements"),
        "answer": tr.gettext("Answer"),
        "comment": tr.gettext("Comment"),
        "question_id": tr.gettext("id"),
        # Quotes
        "quotes": tr.gettext("Quotes"),
        "quotes_intro": tr.gettext(
            "Write down word for word what the respondent says that could be quoted in the report, and ask "
            "whether it may be."
        ),
        "quote": tr.gettext("Quote %(n)s"),
        "may_be_quoted": tr.gettext("May be quoted:"),
        # The interviewer's guide (--guide)
        "for_interviewer": tr.gettext("For the interviewer"),
        "guide_consent": tr.gettext(
            "Say who you are and what the user audit is for. Read the consent sentence aloud and ask whether the "
            "respondent agrees, then mark yes or no. Without consent the answers are not used: end the interview "
            "kindly."
        ),
        "guide_code": tr.gettext(
            "Write the respondent’s code in the box, for example %(code)s. Never write a name, a personal identity "
            "number or a phone number, neither in the box nor in the answers."
        ),
        "guide_questions": tr.gettext(
            "Read each question as it is written. The respondent may leave any question unanswered."
        ),
        "guide_quotes": tr.gettext(
            "Write free-text answers and quotes in the respondent’s own words. Ask about each quote whether it may "
            "be quoted in the report: only a quote marked yes can be published, and never with a name."
        ),
        "guide_ids": tr.gettext(
            "The id after each question, and the value after each answer, are what the interview file holds, for "
            "example %(example)s."
        ),
        "guide_ids_text": tr.gettext("The id after each question is what the interview file holds."),
        "guide_notes": tr.gettext(
            "These are the reviewers' questions: write the answers as notes for the consensus scoring; "
            "they are never scored themselves. The id after each question names it in the team's notes."
        ),
        "about_battery": tr.gettext("About the question battery"),
        # Footer
        "generated_by": tr.gettext("Form generated by"),
    }


FORM = PerLanguage(_form)  # form.md.j2 and form.html.j2 (revision form, --guide)
