"""The bytes a phone receives: a small JSON object the service worker shows as a notification.

Discreet by default: a subscriber who did not choose otherwise gets the same neutral sentence whatever the
reminder is about, because the lock screen of a shared phone is read by whoever picks it up. Nothing
personal ever goes in: reminders are written from campaign words and counts of work, never from a case.
"""
import json

# RFC 8291 allows about 4 KB; staying under 1 KB leaves room in every push service's limits and keeps
# the message cheap on a slow line.
MAX_PAYLOAD_BYTES = 1000

DISCREET = {
    "vi": ("Bạn có một nhắc nhở mới", "Mở Bình An để xem."),
    "en": ("You have a new reminder", "Open Bình An to see it."),
}


def _fit(text, budget):
    """``text`` cut to ``budget`` bytes of UTF-8 at a character boundary, with an ellipsis when cut."""
    encoded = text.encode()
    if len(encoded) <= budget:
        return text
    return encoded[: max(0, budget - 3)].decode(errors="ignore") + "…"


def payload(reminder, language, discreet):
    if discreet:
        title, body = DISCREET[language]
    else:
        title = getattr(reminder, f"title_{language}")
        body = getattr(reminder, f"body_{language}")
    message = {"title": title, "body": "", "url": reminder.url, "tag": f"r{reminder.id}"}
    room = MAX_PAYLOAD_BYTES - len(json.dumps(message, ensure_ascii=False).encode())
    message["title"] = _fit(title, room // 2) if len(title.encode()) > room // 2 else title
    room = MAX_PAYLOAD_BYTES - len(json.dumps(message, ensure_ascii=False).encode())
    # json.dumps escapes quotes and backslashes: leave room for each to double.
    message["body"] = _fit(body, room - body.count('"') - body.count("\\"))
    return json.dumps(message, ensure_ascii=False).encode()
