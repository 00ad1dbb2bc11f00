"""Invented names: companies and other organisations, people, certification
bodies and labs, and the Chinese scope text on a certificate."""

from __future__ import annotations

import random

from .industries import Industry
from .places import Place
from .vocab import (
    ASSOCIATION_NAMES,
    COOP_PLACES,
    COOP_PRODUCTS,
    FAMOUS_TRADE_NAMES,
    GIVEN_NAMES,
    INSTITUTION_NAMES,
    NONPROFIT_NAMES,
    SHOP_WORDS,
    SURNAMES,
    SYLLABLES,
)


def trade_name(rng: random.Random) -> tuple[str, str, str]:
    """A two-syllable 字号, its pinyin and its initials; never a famous brand's."""
    rand, count = rng.random, len(SYLLABLES)
    while True:
        # Two different syllables; cheaper than rng.sample, which matters at a
        # million names.
        first, second = int(rand() * count), int(rand() * (count - 1))
        second += second >= first
        (a, a_en), (b, b_en) = SYLLABLES[first], SYLLABLES[second]
        if a + b not in FAMOUS_TRADE_NAMES:
            return a + b, a_en + b_en.lower(), a_en[0] + b_en[0]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def company_name(rng: random.Random, place: Place, industry: Industry, size: str) -> str:
    """天津滨海{字号}{行业词}有限公司 and its common variants."""
    zihao = trade_name(rng)[0]
    word = rng.choice(industry.words)
    roll = rng.random()
    if size == "large" and roll < 0.5:
        return f"{place.name_prefix}{zihao}{word}股份有限公司"
    if roll < 0.08:
        # The foreign-invested pattern: 字号（天津）行业词有限公司.
        city = place.name_prefix.removesuffix("滨海").removesuffix("市")
        return f"{zihao}（{city}）{word}有限公司"
    if roll < 0.14:
        return f"{place.name_prefix}{zihao}{word}有限责任公司"
    if roll < 0.2 and industry.section in {"E", "G", "L"}:
        return f"{place.name_prefix}{zihao}{word}集团有限公司"
    return f"{place.name_prefix}{zihao}{word}有限公司"


def sole_trader_name(rng: random.Random, place: Place, industry: Industry) -> str:
    words = SHOP_WORDS.get(industry.section, SHOP_WORDS["*"])
    prefix = "天津市滨海新区" if place.division_code == "120116" else place.name_prefix
    return f"{prefix}{place.area}{trade_name(rng)[0]}{rng.choice(words)}"


def cooperative(rng: random.Random, place: Place) -> tuple[str, str]:
    product, code = rng.choice(COOP_PRODUCTS)
    prefix = "天津市滨海新区" if place.division_code == "120116" else place.name_prefix
    village = rng.choice(COOP_PLACES) if place.division_code == "120116" else place.area
    return f"{prefix}{village}{trade_name(rng)[0]}{product}专业合作社", code


def public_body(rng: random.Random, place: Place, authority_kind: str) -> tuple[str, str]:
    """Names for social organisations (5x) and public institutions (1x)."""
    prefix = "天津市滨海新区" if place.division_code == "120116" else place.name_prefix
    table = {"51": ASSOCIATION_NAMES, "52": NONPROFIT_NAMES}.get(authority_kind, INSTITUTION_NAMES)
    pattern, code = rng.choice(table)
    return pattern.format(p=prefix, z=trade_name(rng)[0], a=place.area), code


# Scopes. {p} is a product or service of the holder's industry.
_SCOPES = {
    "ISO9001": ("{p}的设计、开发、生产和服务", "{p}的生产和服务", "{p}"),
    "ISO14001": ("{p}的生产及相关环境管理活动", "{p}及相关环境管理活动"),
    "ISO45001": ("{p}的生产及相关职业健康安全管理活动", "{p}及相关职业健康安全管理活动"),
    "ISO50001": ("{p}生产过程的能源管理活动",),
    "ISO27001": ("与{p}相关的信息安全管理活动",),
    "ISO20000": ("向外部客户提供{p}的信息技术服务管理活动",),
    "ISO22301": ("{p}的业务连续性管理活动",),
    "ISO55001": ("{p}相关资产的管理活动",),
    "ISO56002": ("{p}的创新管理活动",),
    "ISO13485": ("{p}的设计开发和生产",),
    "IATF16949": ("{p}的制造",),
    "GBT29490": ("{p}的研发、生产、销售过程中的知识产权管理",),
    "GBT50430": ("{p}（资质范围内）",),
    "CQC-VOL": ("{p}（型号：{m}）",),
    "GREEN-PRODUCT": ("{p}（绿色产品，型号：{m}）",),
    "LOW-CARBON": ("{p}（低碳产品，型号：{m}）",),
    "ENERGY-SAVING": ("{p}（节能，型号：{m}）",),
    "GBT27922": ("{p}的售后服务（五星级）", "{p}的售后服务（四星级）"),
    "ELDERLY-CARE": ("机构养老服务（床位{n}张）",),
    "LOGISTICS": ("{p}（三星级）", "{p}（四星级）"),
    "ECOMMERCE": ("{p}平台服务",),
    "ISO10002": ("{p}的投诉处理",),
    "SERVICE-QUALITY": ("{p}服务（五星级）", "{p}服务（四星级）"),
    "ORGANIC": ("有机{p}（基地面积{n}亩）",),
    "GAP": ("{p}种植/养殖（一级）",),
    "HACCP": ("{p}的生产",),
    "ISO22000": ("{p}的生产",),
    "GREEN-FOOD": ("绿色食品：{p}",),
    "FEED-GMP": ("{p}的生产",),
}


def scope(rng: random.Random, scheme: str, industry: Industry, model_prefix: str) -> str:
    if scheme == "CCC":
        products = industry.ccc_products or industry.products
        return f"{rng.choice(products)}（型号：{model_prefix}-{rng.randint(10, 9999)}）"
    template = rng.choice(_SCOPES.get(scheme, ("{p}",)))
    return template.format(p=rng.choice(industry.products), m=f"{model_prefix}-{rng.randint(10, 999)}",
                           n=rng.randint(2, 50) * 10)
