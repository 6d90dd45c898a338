"""The residents' help lines and each ward's public services, and their answers kept ready in memory.

Both are read on every visit to "Tìm trợ giúp" (often by a phone revalidating what it keeps offline) and change
a few times a year, so each process keeps the answer (server/public_answers.py) with the state of the table it
was built from: one aggregate query (row count and latest ``updated_at``) tells whether anything moved. Every
change sets ``updated_at`` (operations.py; loader.py and demo.py only insert rows, which moves the count).
"""
from peewee import fn

from server import public_answers
from server.directory.models import SERVICE_KINDS, Hotline, PublicService
from server.directory.schemas import PublicHotlineListOut, PublicServiceListOut

PUBLIC_HOTLINES = PublicHotlineListOut()
PUBLIC_SERVICES = PublicServiceListOut()


def public_hotlines():
    """The lines a resident may call: verified, with a number. An unverified number could be wrong, a
    retired one dead, and a place without a number (the national DV line) has nothing to dial yet."""
    return list(Hotline.select()
                .where(Hotline.status == "verified", Hotline.number.is_null(False), Hotline.number != "")
                .order_by(Hotline.position, Hotline.id))


def public_services(ward_code):
    services = PublicService.select().where(PublicService.ward == ward_code,
                                            PublicService.active == True)  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    return sorted(services, key=lambda s: (SERVICE_KINDS.index(s.kind), s.name, s.id))


def _state(model):
    return model.select(fn.COUNT(model.id), fn.MAX(model.updated_at)).tuples().first()


def public_hotlines_answer():
    """The residents' list of lines as JSON bytes with its ETag, rebuilt only when the table changed."""
    state = _state(Hotline)
    answer = public_answers.kept("public_hotlines", None, state)
    if answer is None:
        lines = public_hotlines()
        # "As of" the latest change of a listed line, not the clock: an unchanged list keeps its ETag.
        as_of = max((line.updated_at for line in lines), default=None)
        answer = public_answers.keep("public_hotlines", None, state,
                                     PUBLIC_HOTLINES.dump({"items": lines, "as_of": as_of}))
    return answer


def public_services_answer(ward_code):
    """One ward's public services as JSON bytes with its ETag. Kept per ward: at most the city's 103 answers,
    since the view refuses a code that is not a ward before asking."""
    state = _state(PublicService)
    answer = public_answers.kept("public_services", ward_code, state)
    if answer is None:
        answer = public_answers.keep("public_services", ward_code, state,
                                     PUBLIC_SERVICES.dump({"items": public_services(ward_code)}))
    return answer
