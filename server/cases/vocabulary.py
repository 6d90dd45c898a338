"""The closed lists a case is recorded with. Codes are stored; the PWA's catalogues hold the words.

GBV types are the six GBVIMS core types, recorded by the act alone; where and between whom it happened
(domestic, online, at work...) is recorded apart, as contexts, so that statistics never mix the two.
"""
INTAKE_CHANNELS = ("field_visit", "walk_in", "phone", "online_request", "agency_referral")
AGE_GROUPS = ("0-11", "12-17", "18-24", "25-59", "60+")
CHILD_AGE_GROUPS = ("0-11", "12-17")
SEXES = ("female", "male", "other")
GBV_TYPES = (
    "rape", "sexual_assault", "physical_assault", "forced_marriage", "denial_of_resources", "psychological_abuse",
)
CONTEXTS = ("domestic", "intimate_partner", "online", "workplace_harassment", "child_sexual_abuse", "trafficking")
PERPETRATOR_RELATIONSHIPS = (
    "intimate_partner", "former_partner", "family_member", "acquaintance", "employer_or_colleague", "stranger",
    "unknown",
)
# Whether the incident was already reported to another organisation that reports to Sở Nội vụ (police, a
# hospital): such a case is counted there, so statistics leave it out (DESIGN §4, as GBVIMS does).
REPORTED_ELSEWHERE = ("no", "reporting_organisation", "other_organisation", "unknown")
COUNTED_ELSEWHERE = "reporting_organisation"
STATUSES = ("new", "open", "closed")
CLOSURE_REASONS = ("needs_met", "survivor_declined", "moved_away", "unreachable", "referred_elsewhere", "other")

SERVICE_TYPES = ("health", "psychosocial", "legal_aid", "police", "shelter", "social_assistance")
# Which kinds of organisation give each service (accounts.models.ORGANIZATION_KINDS).
ORGANIZATION_KINDS_FOR_SERVICE = {
    "health": ("health",),
    "psychosocial": ("social_work", "health"),
    "legal_aid": ("legal_aid",),
    "police": ("police",),
    "shelter": ("shelter",),
    "social_assistance": ("social_work",),
}
REFERRAL_STATUSES = ("in_progress", "accepted", "rejected", "done")
REJECTION_REASONS = ("lack_of_capacity", "not_our_service", "unable_to_contact", "other")
# As in Primero: a referral is done with success, or with the reason it could not be.
OUTCOMES = ("success", "client_refused", "lack_of_capacity", "no_longer_needed", "unable_to_contact", "other")
