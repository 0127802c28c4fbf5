"""Near matches computed the slow way, as the rule says them: similarity over
every company (no trigram index, no ``%`` cut), the value each pair needs by
the length of its shorter name; a name of a short step near a longer one only
as its beginning (how ``_claim_near_matches`` looks short names up)."""


def near_reference(env, name_key):
    """``[(partner id, similarity)]`` of the companies near ``name_key``,
    best first, as ``res.partner._claim_near_matches`` must return them."""
    steps = env["res.partner"]._claim_near_match_thresholds()
    short = steps[0][0]
    # float8: the comparison below is then the one PostgreSQL makes between
    # similarity's real and the needed value (float4 to float8 is exact)
    env.cr.execute(
        """
        SELECT id, claim_name_key, similarity(claim_name_key, %s)::float8
          FROM res_partner
         WHERE claim_name_key IS NOT NULL AND active
           AND (company_id IS NULL OR company_id = ANY(%s))
        """,
        [name_key, env.companies.ids],
    )
    found = []
    for partner_id, key, score in env.cr.fetchall():
        shorter = min(len(key), len(name_key))
        needed = next(value for longest, value in steps if longest is None or shorter <= longest)
        if len(key) <= short < len(name_key) and not (len(key) >= 2 and name_key.startswith(key)):
            continue
        if score >= needed:
            found.append((partner_id, score))
    return sorted(found, key=lambda item: (-item[1], item[0]))
