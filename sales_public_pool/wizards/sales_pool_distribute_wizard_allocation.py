"""Who gets how many customers when a pool is distributed (公海分配).

By hand or round-robin: in turn, from the member after the one who got the
last customer of the previous run. Weighted: shares proportional to each
member's won revenue, or win rate, over the pool's period, rounded by
largest remainder. Members at their holding cap get no more. The wizard
itself (``sales_pool_distribute_wizard.py``) locks the customers, registers
the claims and reports.
"""

from collections import deque
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL


class SalesPoolDistributeWizard(models.TransientModel):
    _inherit = "sales.pool.distribute.wizard"

    def _capacity(self, members):
        """Customers each member may still take (None = no cap)."""
        pool = self.pool_id
        if not pool.holding_cap:
            return dict.fromkeys(members, None)
        self.env.flush_all()
        # counted as the claims' own cap check counts them
        Claim = self.env["sales.claim"]
        holdings = Claim._pool_holdings(set(members.ids))
        room = {}
        for member in members:
            counted = Claim._pool_counted_holdings(holdings.get(member.id, ()), pool)
            room[member] = max(pool.holding_cap - sum(c for _grade, c in counted), 0)
        return room

    def _weights(self, members):
        pool = self.pool_id
        since = fields.Datetime.now() - timedelta(days=pool.distribution_period_days or 90)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.user_id,
                       COALESCE(sum(l.expected_revenue) FILTER (WHERE s.is_won AND l.active), 0),
                       count(*) FILTER (WHERE s.is_won AND l.active),
                       count(*) FILTER (WHERE NOT l.active AND l.probability = 0)
                  FROM crm_lead l LEFT JOIN crm_stage s ON s.id = l.stage_id
                 WHERE l.user_id = ANY(%s) AND l.date_closed >= %s
                 GROUP BY l.user_id
                """,
                members.ids,
                since,
            )
        )
        stats = {uid: (rev, won, lost) for uid, rev, won, lost in self.env.cr.fetchall()}
        weights = {}
        for member in members:
            rev, won, lost = stats.get(member.id, (0, 0, 0))
            if self.method == "revenue":
                weights[member] = float(rev)
            else:
                weights[member] = won / (won + lost) if won + lost else 0.0
        if not any(weights.values()):
            weights = dict.fromkeys(members, 1.0)
        return weights

    def _allocate(self, partner_ids, members):
        """Return ``([(member, partner id)] in serving order, [partner ids left])``
        following the method; customers are left when every member with room
        is at their holding cap."""
        capacity = self._capacity(members)
        order = list(members)
        if self.method == "round_robin" and self.pool_id.last_assigned_user_id in order:
            start = order.index(self.pool_id.last_assigned_user_id) + 1
            order = order[start:] + order[:start]
        if self.method in ("revenue", "win_rate"):
            weights = self._weights(members)
            total = sum(weights.values())
            exact = {m: len(partner_ids) * weights[m] / total for m in order}
            quota = {m: int(exact[m]) for m in order}
            leftover = len(partner_ids) - sum(quota.values())
            for m in sorted(order, key=lambda m: exact[m] - quota[m], reverse=True)[:leftover]:
                quota[m] += 1
        else:
            quota = dict.fromkeys(order, len(partner_ids))
        given = dict.fromkeys(order, 0)
        queue = deque(partner_ids)
        pairs = []
        while queue:
            progress = False
            for member in order:
                if not queue:
                    break
                cap = capacity[member]
                if given[member] >= quota[member] or (cap is not None and cap <= 0):
                    continue
                pairs.append((member, queue.popleft()))
                given[member] += 1
                if cap is not None:
                    capacity[member] = cap - 1
                progress = True
            if not progress:
                if any(c is None or c > 0 for c in capacity.values()) and any(
                    given[m] >= quota[m] for m in order
                ):
                    quota = dict.fromkeys(order, len(partner_ids))  # spill over to the others
                    continue
                break
        return pairs, list(queue)
