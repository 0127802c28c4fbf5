from decimal import Decimal

from odoo.tests.common import BaseCase

from odoo.addons.sales_credit_split.tools.allocation import (
    allocate,
    allocate_signed,
    percent_total,
    to_decimal,
)


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

    def test_signed_weights_of_a_down_payment_deduction(self):
        """A final invoice: the invoice split's group weighs its lines minus a
        deduction larger than them, the line splits their subtotals."""
        cases = [
            # (total, weights, expected parts)
            ("600.00", [-1400, 2000], ["-1400.00", "2000.00"]),
            ("112.35", ["-1122.22", "1234.57"], ["-1122.22", "1234.57"]),
            # another currency: the parts are the weights converted, exactly
            ("77.77", ["-8899.98", "9999.98"], ["-629.23", "707.00"]),
            ("0.01", [-1, 1, "0.01"], ["-1.00", "1.00", "0.01"]),
            ("1000.00", [3, -1, -1], ["3000.00", "-1000.00", "-1000.00"]),
            ("0.10", [1, -2, 4], ["0.03", "-0.07", "0.14"]),
        ]
        for total, weights, expected in cases:
            with self.subTest(total=total, weights=weights):
                parts = allocate_signed(total, weights)
                self.assertEqual(sum(parts), Decimal(total))
                self.assertEqual(parts, [Decimal(x) for x in expected])
                for part, weight in zip(parts, weights, strict=True):
                    self.assertEqual(part > 0, Decimal(str(weight)) > 0, "sign of its weight")
                negative = allocate_signed("-" + total, weights)
                self.assertEqual(negative, [-p for p in parts], "a credit note mirrors")

    def test_signed_weights_adding_up_to_nothing(self):
        """A final invoice paid in full by its down payment: nothing to share,
        each part is its weight times the unit (sign, currency rate)."""
        self.assertEqual(
            allocate_signed(0, [-2000, 2000]), [Decimal("0.00"), Decimal("0.00")], "no unit"
        )
        for unit, expected in (
            (1, ["-2000.00", "1500.00", "500.00"]),
            (-1, ["2000.00", "-1500.00", "-500.00"]),
            ("0.333333", ["-666.67", "500.00", "166.67"]),
        ):
            with self.subTest(unit=unit):
                parts = allocate_signed(0, [-2000, 1500, 500], unit=unit)
                self.assertEqual(parts, [Decimal(x) for x in expected])
                self.assertEqual(sum(parts), 0)
