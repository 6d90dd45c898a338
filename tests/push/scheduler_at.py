"""``python -m tests.push.scheduler_at MOMENT flask-args...``: the ``flask --app server`` command line, with
the server's clock at MOMENT (ISO, UTC) and running from there, as the test that starts it has it. A
scheduler process is another process: the test's clock fixture cannot reach into it, and the real date
would make a reminder due today (on the test's clock) late or early."""
import sys
from datetime import datetime

from flask.cli import main

import server.clock
from tests.clock import SettableClock

if __name__ == "__main__":
    moment, *arguments = sys.argv[1:]
    server.clock._read_utc = SettableClock(datetime.fromisoformat(moment)).read
    sys.argv = ["flask", *arguments]
    main()
