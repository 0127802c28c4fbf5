"""Company names of the benchmark data set.

Drawn from vocabularies large enough that two unrelated companies rarely
look alike, as in a real customer base; the duplicates (2 % exact in
another spelling, 3 % near) are made on purpose from earlier names.
``vocabularies()`` says where each word list comes from and how big it is;
``duplicate_shares`` measures the shares in the generated data.

Chinese names (60 %): place + trade name (字号) + industry + legal form, the
place in front (北京字节跳动科技有限公司), in brackets (字节跳动科技（北京）
有限公司, 【北京】字节跳动科技有限公司), behind (字节跳动科技有限公司北京) or
absent. English names (40 %): two or three words + industry + legal form.
"""

import csv
import os
import random
import time
from collections import namedtuple

import pytz
from babel import Locale

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IDENTITY = os.path.join(ROOT, "sales_claim_registration", "data", "identity")

# characters frequent in trade names: a fifth of the characters of a trade
# name come from here, so that real-looking clusters exist (华, 信, 达 ...);
# more (a half) made one Chinese company in nine a near match of another by
# chance at 100,000 companies
CN_BRAND_CHARS = (
    "华腾阿里中兴美海尔联想京东百度小米格力云智达恒信泰安康宏远鑫源瑞丰盛世博通天宇汇金诚德"
    "利嘉和顺新星辉明光耀正大永昌隆祥福万佳旭晨卓越优创维凯立方圆峰航运昊晟鼎铭锦程启飞龙"
    "凤凰银河辰蓝鲸绿洲青松翠柏长江黄河山昆仑东方南北西部原九州四五洲神"
)
CN_INDUSTRIES = (
    "科技 信息技术 电子 贸易 网络科技 软件 机械 医药 物流 新能源 食品 建材 文化传媒 教育科技 "
    "环保 实业 电气 化工 技术 信息 电子商务 电器 能源 投资管理 资产管理 生物 药业 饮料 餐饮 "
    "运输 汽车销售 商贸 国际贸易 进出口 发展 建设 工程 置业 物业管理 管理咨询 广告 供应链 钢铁 "
    "设备 制造 纺织 服装 咨询"
).split()
CN_SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司", "集团有限公司"]
EN_WORDS = (
    "Acme Apex Atlas Aurora Beacon Blue Bright Cedar Cobalt Coral Crest Crown Delta Eagle Echo "
    "Ember Falcon Fusion Global Golden Granite Harbor Horizon Iron Jade Keystone Lake Liberty "
    "Lotus Maple Meridian Metro Nexus Noble North Nova Oak Ocean Omega Orbit Pacific Peak Pine "
    "Pioneer Prime Quantum Radiant Red River Rock Royal Sage Silver Sky Solar Spring Star Stone "
    "Summit Sun Swift Terra Titan Trinity Union United Vertex Vista Wave West Willow Zenith"
).split()
EN_INDUSTRIES = (
    "Trading Software Logistics Foods Systems Solutions Machinery Electronics Pharma Energy "
    "Materials Media Consulting Retail Analytics Biotech Capital Chemicals Construction Design "
    "Devices Engineering Freight Health Industries Instruments Labs Marine Metals Motors "
    "Networks Packaging Partners Plastics Robotics Security Shipping Textiles Tools Ventures"
).split()
EN_SUFFIXES = ["Co., Ltd.", "Inc.", "LLC", "Limited", "Corp.", "Ltd"]

Name = namedtuple("Name", "text is_cn place core industry suffix layout")


def _gb2312_level1():
    """The 3,755 level-1 characters of GB 2312 (the most common hanzi)."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def _places():
    """Short forms of the provinces and prefecture-level cities of the
    addon's place list (北京市 -> 北京, 广东省 -> 广东)."""
    places = []
    with open(os.path.join(IDENTITY, "place_names.csv"), encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines):
        if row["kind"] not in ("province", "city"):
            continue
        name = row["name"].strip()
        for suffix in ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                name = name[: -len(suffix)]
                break
        places.append(name)
    return sorted(set(places))


def _en_words():
    """Hand-picked words, city names of the IANA time zone database (pytz)
    and English country names of the Unicode CLDR (Babel): one word each."""
    cities = {
        zone.split("/")[-1]
        for zone in pytz.common_timezones
        if zone.split("/")[-1].isalpha() and not zone.split("/")[-1].isupper()
    }
    countries = {
        name
        for code, name in Locale("en").territories.items()
        if code.isalpha() and name.isascii() and name.isalpha()
    }
    return sorted(set(EN_WORDS) | cities | countries)


GB2312 = _gb2312_level1()
CN_PLACES = _places()
EN_VOCABULARY = _en_words()


def vocabularies():
    """``[(what, size, source)]`` of the word lists the names are drawn from."""
    return [
        ("Chinese trade-name characters", len(GB2312), "GB 2312 level 1 (Python's gb2312 codec)"),
        ("  of which frequent in trade names", len(set(CN_BRAND_CHARS)), "bench/names.py"),
        ("Chinese places", len(CN_PLACES), "provinces and cities of data/identity"),
        ("Chinese industries", len(CN_INDUSTRIES), "bench/names.py"),
        ("English words", len(EN_VOCABULARY), "hand-picked, IANA time zone cities, CLDR"),
        ("English industries", len(EN_INDUSTRIES), "bench/names.py"),
    ]


def _render(name):
    if not name.is_cn:
        return f"{name.core} {name.industry} {name.suffix}"
    body = f"{name.core}{name.industry}"
    if name.layout == "front":
        return f"{name.place}{body}{name.suffix}"
    if name.layout == "brackets":
        return f"{body}（{name.place}）{name.suffix}"
    if name.layout == "square":
        return f"【{name.place}】{body}{name.suffix}"
    if name.layout == "behind":
        return f"{body}{name.suffix}{name.place}"
    return f"{body}{name.suffix}"


def _make(is_cn, place, core, industry, suffix, layout):
    name = Name("", is_cn, place, core, industry, suffix, layout)
    return name._replace(text=_render(name))


LAYOUTS = ["front"] * 9 + ["brackets"] * 5 + ["square"] * 2 + ["behind"] * 2 + ["none"] * 2


def company_name(rng, i):
    """A new company (a ``Name``): Chinese for 3 of 5 ``i``."""
    if i % 5 < 3:
        length = rng.choice((2, 3, 3, 3, 4, 4, 4))
        core = "".join(
            rng.choice(CN_BRAND_CHARS) if rng.random() < 0.2 else rng.choice(GB2312)
            for _k in range(length)
        )
        return _make(
            True,
            rng.choice(CN_PLACES),
            core,
            rng.choice(CN_INDUSTRIES),
            rng.choice(CN_SUFFIXES),
            rng.choice(LAYOUTS),
        )
    words = rng.sample(EN_VOCABULARY, rng.choice((2, 3, 3, 3, 3)))
    return _make(False, "", " ".join(words), rng.choice(EN_INDUSTRIES), rng.choice(EN_SUFFIXES), "")


def respell(name, rng):
    """The same company spelled otherwise: the place moved, another legal
    form, full-width or upper-case letters, spaces."""
    if name.is_cn:
        layout = rng.choice([x for x in set(LAYOUTS) if x not in (name.layout, "none")])
        suffix = rng.choice(["有限公司", "公司", "股份有限公司"])
        text = _render(name._replace(layout=layout, suffix=suffix))
        return name._replace(text=" " + text.replace("（", "(").replace("）", ")"), layout=layout)
    base = f"{name.core} {name.industry}"
    return name._replace(text=base.upper() + ", " + rng.choice(["LTD.", "Inc", "Co. Ltd"]))


def near(name, rng):
    """A near duplicate: one character of the trade name changed, or a
    word added."""
    if name.is_cn:
        pos = rng.randrange(len(name.core))
        core = name.core[:pos] + rng.choice(GB2312) + name.core[pos + 1 :]
        return _make(True, name.place, core, name.industry, name.suffix, name.layout)
    core = name.core.replace(" ", " New ", 1) if " " in name.core else f"New {name.core}"
    return _make(False, "", core, name.industry, name.suffix, "")


def company_names(n, seed=42):
    """``n`` names in order, 2 % exact duplicates in another spelling and
    3 % near duplicates of earlier names."""
    rng = random.Random(seed)
    names = []
    for i in range(n):
        roll = rng.random()
        if names and roll < 0.02:
            name = respell(names[rng.randrange(len(names))], rng)
        elif names and roll < 0.05:
            name = near(names[rng.randrange(len(names))], rng)
        else:
            name = company_name(rng, i)
        names.append(name)
    return names


def duplicate_shares(env, first, last, sample=300, budget=30.0):
    """``(exact, near, sampled)``: the share of companies ``first``-``last``
    whose normalized name another company has, and the share of a sample
    of them that the duplicate check warns about: a near match
    (``_claim_near_matches``, its thresholds by name length) of another
    normalized name. The sample stops after ``budget`` seconds (the
    trigram index unusable for a while, see ``run.invisible_indexes``)."""
    cr = env.cr
    cr.execute(
        "SELECT count(*), count(DISTINCT claim_name_key) FROM res_partner "
        "WHERE id BETWEEN %s AND %s AND claim_name_key IS NOT NULL",
        [first, last],
    )
    total, distinct = cr.fetchone()
    cr.execute(
        "SELECT claim_name_key FROM res_partner WHERE id BETWEEN %s AND %s "
        "AND claim_name_key IS NOT NULL ORDER BY md5(id::text) LIMIT %s",
        [first, last, sample],
    )
    keys = [row[0] for row in cr.fetchall()]
    Partner = env["res.partner"]
    near = sampled = 0
    deadline = time.time() + budget
    for key in keys:
        if time.time() > deadline:
            break
        sampled += 1
        near += any(
            match.claim_name_key != key for match, _score in Partner._claim_near_matches(key)
        )
    exact = (total - distinct) / total if total else 0
    return exact, (near / sampled if sampled else 0), sampled
