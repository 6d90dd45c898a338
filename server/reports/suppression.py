"""Small-cell suppression: no count that leaves a ward lets anyone single out a survivor.

A count from 1 to 4 is hidden (primary suppression). Hiding it is not enough when totals are shown: the
city's count of a type minus every other ward's count gives one ward's count back, and a ward's total minus
its other types gives a type back. So every table shown together (wards × types, wards × ages, months ×
types...) is put into one set of sums, sharing their totals, and an attacker is played against it: every sum
with a single unknown gives that unknown away, and so does a sum whose unknowns can only all be at their
least or all at their most (two hidden counts adding up to 8, each below 5, are both 4). Whenever that
attack reaches a count from 1 to 4, one more thing in the sum that gave it away is hidden (secondary
suppression), and the attack is played again, until it reaches none.

A hidden count below 5 is shown as "<5" (that includes a 0 hidden to protect another: "<5" says fewer than
five, so it is true); a hidden count of 5 or more as "x". Written by hand: the statistical packages that do
this (sdcMicro, tau-Argus) are R and Java programs, and the rule here fits on a page. What the attack does
not try: solving many sums at once (integer programming), or comparing figures across time (a frozen
submission against the live year, one version against the next).
"""
from collections import defaultdict

SMALL = "<5"
HIDDEN = "x"


def is_small(count):
    return 1 <= count <= 4


class LinkedTables:
    """Tables shown together, with their shared totals. Add totals and tables, ``protect()``, then read
    each count as it may be shown with ``cell``, ``margin`` and ``grand``."""

    def __init__(self):
        self.values = {}  # variable -> count; a variable is ("grand", name), ("margin", name, key), ("cell", ...)
        self.sums = []  # (total variable, [part variables])
        self.hidden = set()

    def add_grand(self, name, count):
        self.values["grand", name] = count

    def add_margin(self, name, counts, grand=None):
        """A vector of totals (the wards' case totals, the city's count of each type); ``grand``: the grand
        total they add up to, or None when categories overlap (a case in several priority groups)."""
        for key, count in counts.items():
            self.values["margin", name, key] = count
        if grand is not None:
            self.sums.append((("grand", grand), [("margin", name, key) for key in counts]))

    def add_table(self, name, cells, rows, columns):
        """{row: {column: count}}; ``rows``/``columns``: the names of the margins its rows and columns add
        up to (``rows`` None when a row's cells overlap and have no total)."""
        column_keys = list(next(iter(cells.values()))) if cells else []
        for row, counts in cells.items():
            for column, count in counts.items():
                self.values["cell", name, row, column] = count
            if rows is not None:
                self.sums.append((("margin", rows, row), [("cell", name, row, c) for c in column_keys]))
        for column in column_keys:
            self.sums.append((("margin", columns, column), [("cell", name, row, column) for row in cells]))

    def protect(self):
        self.hidden = {variable for variable, count in self.values.items() if is_small(count)}
        self._pair_lone_hidden_counts()
        sums_of = defaultdict(list)  # variable -> the sums it is in; the sums do not change from here on
        for index, (total, parts) in enumerate(self.sums):
            for variable in (total, *parts):
                sums_of[variable].append(index)
        while True:
            derived, order = self._attack(sums_of)
            leaked = [variable for variable in order if is_small(self.values[variable])]
            if not leaked:
                return self
            # Every leak of this round is cut before the attack is played again: a round costs a pass over
            # every sum, and with few cases per ward (most counts small) one leak per round is too slow.
            for variable in leaked:
                self._hide_one_more(variable, derived)

    def _pair_lone_hidden_counts(self):
        """The classic first step, cheap and most of the answer: a sum with a shown total and one hidden
        part, or with a hidden total and no hidden part, gets one more part hidden (the smallest non-zero:
        a hidden 0 in a line of zeros is worked out at once). Repeated until no sum is left so."""
        changed = True
        while changed:
            changed = False
            for total, parts in self.sums:
                hidden = sum(1 for v in parts if v in self.hidden)
                if hidden != (0 if total in self.hidden else 1):
                    continue
                candidates = [v for v in parts if v not in self.hidden and self.values[v] > 0]
                if candidates:
                    self.hidden.add(min(candidates, key=self._cost))
                    changed = True

    def _cost(self, variable):
        """Which count to hide first: a table's before a shared total, a small one before a big one."""
        return variable[0] != "cell", variable[0] == "grand", self.values[variable], str(variable)

    def _bounds(self, variable):
        return (0, 4) if self.values[variable] <= 4 else (5, None)

    def _attack(self, sums_of):
        """What can be worked out from what is shown: {variable: the sum that gave it away}, in order."""
        known = {variable for variable in self.values if variable not in self.hidden}
        derived, order = {}, []
        pending = list(range(len(self.sums)))
        while pending:
            index = pending.pop()
            total, parts = self.sums[index]
            unknown = [variable for variable in (total, *parts) if variable not in known]
            found = []
            if len(unknown) == 1:
                found = unknown
            elif unknown and total in known:
                residual = sum(self.values[variable] for variable in unknown)
                bounds = [self._bounds(variable) for variable in unknown]
                lowest = sum(low for low, _high in bounds)
                highest = None if any(high is None for _low, high in bounds) else sum(h for _l, h in bounds)
                if residual in (lowest, highest):
                    found = unknown
            for variable in found:
                known.add(variable)
                derived[variable] = index
                order.append(variable)
                pending.extend(sums_of[variable])
        return derived, order

    def _hide_one_more(self, leaked, derived):
        """Cut the chain that gave ``leaked`` away by hiding one more non-zero count: the sums behind the
        leak are searched, nearest first, for a shown table count; failing that, the nearest shown total
        is hidden (hiding a city total costs every table that shows it)."""
        fallback, seen, frontier = None, set(), [leaked]
        while frontier:
            variable = frontier.pop(0)
            index = derived[variable]
            if index in seen:
                continue
            seen.add(index)
            total, parts = self.sums[index]
            members = [v for v in (total, *parts) if v != variable]
            shown = [v for v in members if v not in self.hidden and self.values[v] > 0]
            cells = [v for v in shown if v[0] == "cell"]
            if cells:
                self.hidden.add(min(cells, key=self._cost))
                return
            if shown and fallback is None:
                fallback = min(shown, key=self._cost)
            # Members given away by other sums (not together with this one, by this very sum).
            frontier.extend(v for v in members if v in derived and derived[v] != index)
        if fallback is not None:  # None: an earlier cut of this round already broke the chain
            self.hidden.add(fallback)

    def _shown(self, variable):
        count = self.values[variable]
        if variable not in self.hidden:
            return count
        return SMALL if count <= 4 else HIDDEN

    def cell(self, table, row, column):
        return self._shown(("cell", table, row, column))

    def margin(self, name, key):
        return self._shown(("margin", name, key))

    def grand(self, name):
        return self._shown(("grand", name))
