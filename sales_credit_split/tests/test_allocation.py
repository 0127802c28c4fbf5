from decimal import Decimal

from odoo.tests.common import BaseCase

from odoo.addons.sales_credit_split.tools.allocation import allocate, percent_total, to_decimal


class TestAllocation(BaseCase):
    """Largest remainder allocation: parts add up exactly, refunds mirror invoices."""

    def test_20_60_20_of_10000(self):
        self.assertEqual(
            allocate(Decimal("10000.00"), [20, 60, 20]),
            [Decimal("2000.00"), Decimal("6000.00"), Decimal("2000.00")],
        )

    def test_three_way_equal_split_adds_up(self):
        parts = allocate("9999.99", [1, 1, 1])
        self.assertEqual(sum(parts), Decimal("9999.99"))
        self.assertEqual(parts, [Decimal("3333.33")] * 3)
        parts = allocate("10000.00", [1, 1, 1])
        self.assertEqual(parts, [Decimal("3333.34"), Decimal("3333.33"), Decimal("3333.33")])
        parts = allocate(9999.99, [33.33, 33.33, 33.34])
        self.assertEqual(sum(parts), Decimal("9999.99"))

    def test_negative_total_mirrors_positive(self):
        for total, weights in (("9999.99", [33.33, 33.33, 33.34]), ("0.05", [1, 1, 1])):
            positive = allocate(total, weights)
            negative = allocate("-" + total, weights)
            self.assertEqual(negative, [-p for p in positive])
            self.assertEqual(sum(negative), -Decimal(total))

    def test_currency_without_decimals(self):
        self.assertEqual(
            allocate(100, [1, 1, 1], digits=0), [Decimal(34), Decimal(33), Decimal(33)]
        )

    def test_ties_go_to_first_part(self):
        self.assertEqual(allocate("0.01", [1, 1]), [Decimal("0.01"), Decimal("0.00")])

    def test_edge_cases(self):
        self.assertEqual(allocate(0, []), [])
        self.assertEqual(allocate(0, [0, 0]), [Decimal("0.00"), Decimal("0.00")])
        with self.assertRaises(ValueError):
            allocate(1, [])
        with self.assertRaises(ValueError):
            allocate(1, [0, 0])
        with self.assertRaises(ValueError):
            allocate(1, [1, -1])

    def test_decimal_conversion(self):
        self.assertEqual(to_decimal(33.33), Decimal("33.33"))
        self.assertEqual(to_decimal(False), Decimal("0.00"))
        self.assertEqual(to_decimal(-0.005), Decimal("-0.01"))
        self.assertEqual(to_decimal(0.005), Decimal("0.01"))
        self.assertEqual(percent_total([33.33, 33.33, 33.34]), Decimal("100.00"))
        self.assertNotEqual(sum([33.33, 33.33, 33.34]), 100.0 + 1e-9)
