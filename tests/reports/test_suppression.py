"""Small-cell suppression, on its own: what is hidden, and that nothing hidden from 1 to 4 can be worked
out from what is shown, by subtracting from totals or by the bounds "<5" and "x" give away."""
import random

from server.reports.suppression import HIDDEN, SMALL, LinkedTables


def _linked(cells, rows_partition=True):
    """One wards × types table with its totals, as the statistics module builds them."""
    linked = LinkedTables()
    columns = list(next(iter(cells.values())))
    column_totals = {c: sum(row[c] for row in cells.values()) for c in columns}
    if rows_partition:
        linked.add_grand("cases", sum(column_totals.values()))
        linked.add_margin("wards", {ward: sum(row.values()) for ward, row in cells.items()}, grand="cases")
    linked.add_margin("types", column_totals, grand="cases" if rows_partition else None)
    linked.add_table("types", cells, rows="wards" if rows_partition else None, columns="types")
    return linked.protect()


def _shown(linked, cells):
    return {ward: {c: linked.cell("types", ward, c) for c in row} for ward, row in cells.items()}


def test_a_count_from_1_to_4_is_shown_as_less_than_5_and_0_and_5_as_themselves_when_nothing_links_them():
    cells = {"w1": {"a": 0}, "w2": {"a": 1}, "w3": {"a": 4}, "w4": {"a": 5}}
    linked = _linked(cells, rows_partition=False)
    assert [linked.cell("types", w, "a") for w in cells] == [0, SMALL, SMALL, 5]


def test_a_ward_cannot_be_worked_out_from_the_city_total_minus_the_other_wards():
    cells = {"w1": {"rape": 3, "assault": 10}, "w2": {"rape": 6, "assault": 9}, "w3": {"rape": 8, "assault": 7}}
    linked = _linked(cells)
    shown = _shown(linked, cells)
    assert shown["w1"]["rape"] == SMALL
    assert linked.margin("types", "rape") == 17 and linked.grand("cases") == 43
    assert sum(not isinstance(shown[w]["rape"], int) for w in cells) >= 2
    assert shown["w2"]["rape"] == HIDDEN or shown["w3"]["rape"] == HIDDEN


def test_two_hidden_counts_that_can_only_both_be_4_are_not_left_alone():
    # w1: 4 + 4 + 12 = 20. With the 12 shown, the two "<5" add up to 8, so each is 4: a third count (or
    # the total) is hidden with them.
    cells = {"w1": {"a": 4, "b": 4, "c": 12}, "w2": {"a": 9, "b": 9, "c": 9}}
    linked = _linked(cells)
    row = [linked.cell("types", "w1", c) for c in ("a", "b", "c")]
    assert row[:2] == [SMALL, SMALL]
    assert row[2] == HIDDEN or linked.margin("wards", "w1") == HIDDEN


def test_a_ward_whose_cases_are_all_one_type_does_not_give_away_another_wards_small_count():
    # w0's 30 is its whole total, so anyone knows it; 31 - 30 - 0 would give w2's 1 away.
    cells = {"w0": {"a": 30, "b": 0}, "w1": {"a": 0, "b": 6}, "w2": {"a": 1, "b": 0}}
    linked = _linked(cells)
    assert linked.cell("types", "w2", "a") == SMALL
    assert "w2" not in _recovered_small(cells, linked)


def _recovered_small(cells, linked):
    """Play the attacker from outside: only what is shown. Returns the wards whose small count fell out."""
    shown = _shown(linked, cells)
    known = {(w, c): v for w, row in shown.items() for c, v in row.items() if isinstance(v, int)}
    sums = []
    wards_total = {w: linked.margin("wards", w) for w in cells} if _has_wards(linked) else {}
    for w in cells:
        if isinstance(wards_total.get(w), int):
            sums.append((wards_total[w], [(w, c) for c in cells[w]]))
    for c in next(iter(cells.values())):
        total = linked.margin("types", c)
        if isinstance(total, int):
            sums.append((total, [(w, c) for w in cells]))
    progress = True
    while progress:
        progress = False
        for total, parts in sums:
            unknown = [p for p in parts if p not in known]
            if len(unknown) == 1:
                known[unknown[0]] = total - sum(known[p] for p in parts if p in known)
                progress = True
    return {w for (w, c), v in known.items() if 1 <= cells[w][c] <= 4 and not isinstance(shown[w][c], int)}


def _has_wards(linked):
    return ("grand", "cases") in linked.values


def test_on_random_tables_no_small_count_can_be_worked_out():
    generator = random.Random(20261129)
    for _ in range(400):
        cells = {f"w{r}": {f"t{c}": generator.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30])
                           for c in range(generator.randint(1, 6))} for r in range(generator.randint(1, 8))}
        columns = list(cells["w0"])
        cells = {w: {c: row.get(c, 0) for c in columns} for w, row in cells.items()}
        linked = _linked(cells, rows_partition=generator.random() < 0.8)
        shown = _shown(linked, cells)
        for w, row in cells.items():
            for c, count in row.items():
                if 1 <= count <= 4:
                    assert shown[w][c] == SMALL, (cells, shown)
                elif isinstance(shown[w][c], int):
                    assert shown[w][c] == count
        assert not _recovered_small(cells, linked), (cells, shown)
