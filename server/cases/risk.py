"""The structured risk assessment: yes/no questions and the level they give.

The questions follow the danger-assessment tradition (Campbell's Danger Assessment, and the lethality
screens used by services in the region): threats to kill, a weapon and strangulation each predict a
killing on their own, so any one of them makes the risk high; otherwise the number of yes answers decides.
The PWA computes the same level offline from the same rules (``riskLevel`` in the PWA's case terms module,
beside its RISK_QUESTIONS); a change to one rule is a change to both. The server's level is the record.
"""
QUESTIONS = (
    "threats_to_kill", "weapon", "strangulation", "violence_increasing", "perpetrator_nearby", "child_at_risk",
    "feels_unsafe", "pregnant",
)
RED_FLAGS = ("threats_to_kill", "weapon", "strangulation")
HIGH_WHEN_YES_COUNT_AT_LEAST = 3


def risk_level(answers):
    yes = {question for question in QUESTIONS if answers.get(question)}
    if yes & set(RED_FLAGS) or len(yes) >= HIGH_WHEN_YES_COUNT_AT_LEAST:
        return "high"
    return "medium" if yes else "low"
