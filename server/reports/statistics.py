"""Case statistics as they are shown: exact to the ward's own officers, protected everywhere else.

Everything the city may see of cases is one set of linked tables (server.reports.suppression): every ward's
counts by type, age, sex, channel, delay, month, priority group, referral outcome and service received,
and the city's months by type. Protected together, a ward's "<5" cannot be worked out from the city's
total minus the other wards, nor from one table's totals through another.
"""
from server.cases import vocabulary as cv
from server.reports.figures import CASE_DIMENSIONS, MONTHS, PRIORITY_GROUPS, REFERRAL_OUTCOMES
from server.reports.suppression import LinkedTables


def exact(cases):
    """One ward's statistics as its officers see them."""
    return {
        "total": cases["total"],
        "by": cases["by"],
        "by_month": [{"month": month, "total": sum(cases["by_month"][str(month)].values()),
                      "by_type": cases["by_month"][str(month)]} for month in MONTHS],
        "referrals": {"total": sum(cases["referrals"].values()), "by_outcome": cases["referrals"]},
    }


def _column_totals(cells):
    columns = list(next(iter(cells.values())))
    return {column: sum(row[column] for row in cells.values()) for column in columns}


def _table(linked, name, cells, rows, grand):
    """A wards × categories table with its column totals as a margin named like the table."""
    linked.add_margin(name, _column_totals(cells), grand=grand)
    linked.add_table(name, cells, rows=rows, columns=name)


def protected_tables(rows):
    """The consolidated year's case figures as linked tables, protected. ``rows``: {ward code: raw case
    figures} for every ward of the city."""
    linked = LinkedTables()
    linked.add_grand("cases", sum(cases["total"] for cases in rows.values()))
    linked.add_margin("wards", {ward: cases["total"] for ward, cases in rows.items()}, grand="cases")
    for name in CASE_DIMENSIONS:
        _table(linked, name, {ward: cases["by"][name] for ward, cases in rows.items()}, "wards", "cases")
    # A case may be in several priority groups: the groups add up to nothing, only over the wards.
    _table(linked, "priority_group", {ward: cases["by"]["priority_group"] for ward, cases in rows.items()},
           None, None)
    _table(linked, "month", {ward: {str(m): sum(cases["by_month"][str(m)].values()) for m in MONTHS}
                             for ward, cases in rows.items()}, "wards", "cases")
    city_months = {str(m): {t: sum(cases["by_month"][str(m)][t] for cases in rows.values()) for t in cv.GBV_TYPES}
                   for m in MONTHS}
    linked.add_table("month_by_type", city_months, rows="month", columns="gbv_type")
    _table(linked, "served", {ward: {"served": cases["served"], "not_served": cases["total"] - cases["served"]}
                              for ward, cases in rows.items()}, "wards", "cases")

    linked.add_grand("referrals", sum(sum(cases["referrals"].values()) for cases in rows.values()))
    linked.add_margin("referral_wards", {ward: sum(cases["referrals"].values()) for ward, cases in rows.items()},
                      grand="referrals")
    _table(linked, "referrals", {ward: cases["referrals"] for ward, cases in rows.items()}, "referral_wards",
           "referrals")
    return linked.protect()


def protected(linked, ward=None):
    """Statistics of ``ward`` (or of the city, when None) as they may leave the ward."""
    def counts(table, keys):
        if ward:
            return {key: linked.cell(table, ward, key) for key in keys}
        return {key: linked.margin(table, key) for key in keys}

    dimensions = {**CASE_DIMENSIONS, "priority_group": PRIORITY_GROUPS}
    months = counts("month", [str(m) for m in MONTHS])
    if ward:
        # The city sees a ward's months and its types, not the two crossed: only the city's are crossed.
        by_month = [{"month": m, "total": months[str(m)], "by_type": None} for m in MONTHS]
    else:
        by_month = [{"month": m, "total": months[str(m)],
                     "by_type": {t: linked.cell("month_by_type", str(m), t) for t in cv.GBV_TYPES}}
                    for m in MONTHS]
    return {
        "total": linked.margin("wards", ward) if ward else linked.grand("cases"),
        "by": {name: counts(name, keys) for name, keys in dimensions.items()},
        "by_month": by_month,
        "referrals": {"total": linked.margin("referral_wards", ward) if ward else linked.grand("referrals"),
                      "by_outcome": counts("referrals", REFERRAL_OUTCOMES)},
    }


def served(linked, ward=None):
    """Indicator (a) as it leaves the ward: (served, not served, total) of ``ward`` or of the city."""
    if ward:
        return (linked.cell("served", ward, "served"), linked.cell("served", ward, "not_served"),
                linked.margin("wards", ward))
    return linked.margin("served", "served"), linked.margin("served", "not_served"), linked.grand("cases")
