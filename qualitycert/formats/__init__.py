"""Project overrides of Django's locale formats (FORMAT_MODULE_PATH).

Only the input formats: every date box, with or without `type="date"`, is
rendered in ISO (YYYY-MM-DD), which `<input type="date">` requires and which
reads the same in both languages. Django's Chinese locale puts `2027/01/15`
first, so a reopened draft showed an empty date box (issue 11). Other inputs
stay accepted; display formats are Django's."""
