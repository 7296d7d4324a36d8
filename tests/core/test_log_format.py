import logging
import sys

from quartier.core.log_format import OneLineFormatter, escape


def record(message: str, *, exc_info=None, stack_info=None) -> logging.LogRecord:
    return logging.LogRecord(
        "quartier", logging.ERROR, __file__, 1, message, None, exc_info, sinfo=stack_info
    )


def test_escape_keeps_text_on_one_line_and_readable_back():
    assert escape("a\\nb\r\nc") == "a\\\\nb\\r\\nc"


def test_an_exception_goes_on_the_event_line_after_the_message():
    formatter = OneLineFormatter("level=%(levelname)s message=%(message)s")
    try:
        raise ValueError("kaputt\nwirklich")
    except ValueError:
        line = formatter.format(record("Fehler beim\nSenden", exc_info=sys.exc_info()))

    assert "\n" not in line
    assert line.startswith("level=ERROR message=Fehler beim\\nSenden exc=Traceback")
    assert line.endswith("ValueError: kaputt\\nwirklich")


def test_a_stack_goes_on_the_event_line():
    line = OneLineFormatter("%(message)s").format(record("x", stack_info="Stack (most recent)\nf"))

    assert line == "x stack=Stack (most recent)\\nf"
