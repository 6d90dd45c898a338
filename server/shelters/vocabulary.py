"""The closed lists a shelter is described with; the PWA's catalogues hold the words."""
KINDS = ("community", "city")  # nơi tạm lánh cộng đồng (one per ward) / nhà tạm lánh của thành phố
ACCEPTS = (
    "women", "women_with_children", "girls_under_16", "boys_under_16", "people_with_disabilities", "older_women",
)
ACCESSIBILITY = ("step_free", "wheelchair", "accessible_toilet", "sign_language")
LANGUAGES = ("vi", "km", "zh", "en")  # Vietnamese, Khmer, Hoa (Chinese), English
STATUSES = ("available", "full", "unconfirmed")
BED_REQUEST_STATUSES = ("pending", "accepted", "declined", "cancelled")
DECLINE_REASONS = ("no_capacity", "survivor_declined", "location_unsafe", "does_not_meet_criteria", "other")
# The 2030 target of the city plan: at least five standardised city shelters.
CITY_SHELTERS_TARGET = 5
