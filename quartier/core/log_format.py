"""One line per log event, `time=… level=… logger=… message=…`, tracebacks included: journald
and log collectors split at line breaks, so a multi-line traceback would turn into many events
without time, level or logger, and a line break in a logged value could forge an event."""

import logging


def escape(text: str) -> str:
    """Backslashes, CR and LF as escapes: the text stays on one line and reads back exactly."""
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


class OneLineFormatter(logging.Formatter):
    """The message, an exception's traceback (`exc=`) and a stack (`stack=`), each escaped,
    on the event's one line."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = escape(record.getMessage())
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        line = self.formatMessage(record)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line += f" exc={escape(record.exc_text)}"
        if record.stack_info:
            line += f" stack={escape(self.formatStack(record.stack_info))}"
        return line
