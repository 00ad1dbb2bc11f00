"""Administrative divisions (GB/T 2260) and street addresses.

The division codes are real; the street names are real-sounding and the
house numbers invented, so an address looks right without pointing at a
real company's door.
"""

from __future__ import annotations

import json
import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

BINHAI = "120116"

# Binhai's functional areas: (how an address starts, streets, weight).
BINHAI_AREAS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("天津经济技术开发区", ("第一大街", "第二大街", "第三大街", "第五大街", "第六大街", "第七大街",
                   "第九大街", "第十一大街", "第十三大街", "黄海路", "南海路", "洞庭路", "新城西路",
                   "睦宁路", "宏达街", "西区新业九街", "西区中南五街"), 26),
    ("天津市滨海新区塘沽", ("解放路", "新港路", "河北路", "上海道", "福建路", "杭州道", "中心北路",
                   "新华路", "东江路", "远洋路", "津塘公路", "新北路", "胡家园街", "新港二号路"), 22),
    ("天津港保税区", ("海滨一路", "海滨三路", "海滨五路", "海滨七路", "海滨九路", "通达广场",
                "东七道", "中心大道"), 9),
    ("天津自贸试验区（空港经济区）", ("西三道", "西四道", "西七道", "东五道", "环河北路",
                          "中环西路", "经一路"), 8),
    ("天津生态城", ("中新大道", "和畅路", "和风路", "中天大道", "动漫中路", "生态建设公寓路",
               "海旭道"), 7),
    ("天津市滨海新区大港", ("世纪大道", "迎宾街", "振业街", "胜利街", "石化路", "港东新城南路",
                   "学府路"), 11),
    ("天津市滨海新区汉沽", ("新开中路", "牌坊东街", "东风路", "河西一经路", "汉南路",
                   "建设路"), 7),
    ("天津自贸试验区（东疆保税港区）", ("亚洲路", "欧洲路", "澳洲路", "呼伦贝尔路", "洛阳道",
                           "重庆道"), 5),
    ("天津滨海高新区", ("海泰发展六道", "海泰华科三路", "华苑产业区开华道", "塘沽海洋科技园新北路",
                 "塘沽海洋科技园宁海路"), 5),
)
BINHAI_AREA_NAMES = ("塘沽", "汉沽", "大港", "开发区", "保税区", "生态城", "东疆", "北塘",
                     "新城", "胡家园", "新河", "杭州道", "新港", "泰达")

# Tianjin's 16 districts: code, name, weight (Binhai the largest economy).
TIANJIN_DISTRICTS: tuple[tuple[str, str, int], ...] = (
    ("120101", "和平区", 5), ("120102", "河东区", 4), ("120103", "河西区", 7),
    ("120104", "南开区", 6), ("120105", "河北区", 4), ("120106", "红桥区", 3),
    ("120110", "东丽区", 7), ("120111", "西青区", 8), ("120112", "津南区", 6),
    ("120113", "北辰区", 7), ("120114", "武清区", 8), ("120115", "宝坻区", 5),
    (BINHAI, "滨海新区", 22), ("120117", "宁河区", 3), ("120118", "静海区", 5),
    ("120119", "蓟州区", 3),
)

# A sample of real county-level divisions across the provinces, weighted
# roughly by how many certified organisations each province has.
NATIONAL_DIVISIONS: tuple[tuple[str, str, str, str, int], ...] = (
    ("110105", "北京市", "北京", "朝阳区", 30), ("110108", "北京市", "北京", "海淀区", 28),
    ("110115", "北京市", "北京", "大兴区", 12), ("120116", "天津市", "天津", "滨海新区", 24),
    ("120111", "天津市", "天津", "西青区", 8), ("130102", "河北省石家庄市", "石家庄", "长安区", 14),
    ("130203", "河北省唐山市", "唐山", "路北区", 10), ("140105", "山西省太原市", "太原", "小店区", 9),
    ("150102", "内蒙古自治区呼和浩特市", "呼和浩特", "新城区", 5),
    ("210102", "辽宁省沈阳市", "沈阳", "和平区", 10), ("210204", "辽宁省大连市", "大连", "沙河口区", 8),
    ("220102", "吉林省长春市", "长春", "南关区", 6), ("230103", "黑龙江省哈尔滨市", "哈尔滨", "南岗区", 6),
    ("310115", "上海市", "上海", "浦东新区", 40), ("310104", "上海市", "上海", "徐汇区", 14),
    ("310112", "上海市", "上海", "闵行区", 16), ("320106", "江苏省南京市", "南京", "鼓楼区", 18),
    ("320505", "江苏省苏州市", "苏州", "虎丘区", 26), ("320213", "江苏省无锡市", "无锡", "梁溪区", 16),
    ("320412", "江苏省常州市", "常州", "武进区", 14), ("330106", "浙江省杭州市", "杭州", "西湖区", 22),
    ("330212", "浙江省宁波市", "宁波", "鄞州区", 18), ("330302", "浙江省温州市", "温州", "鹿城区", 12),
    ("340104", "安徽省合肥市", "合肥", "蜀山区", 14), ("350102", "福建省福州市", "福州", "鼓楼区", 10),
    ("350206", "福建省厦门市", "厦门", "湖里区", 10), ("360102", "江西省南昌市", "南昌", "东湖区", 8),
    ("370102", "山东省济南市", "济南", "历下区", 16), ("370202", "山东省青岛市", "青岛", "市南区", 18),
    ("370602", "山东省烟台市", "烟台", "芝罘区", 8), ("410105", "河南省郑州市", "郑州", "金水区", 18),
    ("420106", "湖北省武汉市", "武汉", "武昌区", 16), ("430104", "湖南省长沙市", "长沙", "岳麓区", 14),
    ("440106", "广东省广州市", "广州", "天河区", 30), ("440305", "广东省深圳市", "深圳", "南山区", 36),
    ("440604", "广东省佛山市", "佛山", "禅城区", 18), ("441900", "广东省东莞市", "东莞", "东莞市", 20),
    ("450103", "广西壮族自治区南宁市", "南宁", "青秀区", 7), ("460106", "海南省海口市", "海口", "龙华区", 3),
    ("500103", "重庆市", "重庆", "渝中区", 14), ("510107", "四川省成都市", "成都", "武侯区", 20),
    ("520102", "贵州省贵阳市", "贵阳", "南明区", 6), ("530102", "云南省昆明市", "昆明", "五华区", 7),
    ("540102", "西藏自治区拉萨市", "拉萨", "城关区", 1), ("610113", "陕西省西安市", "西安", "雁塔区", 12),
    ("620102", "甘肃省兰州市", "兰州", "城关区", 4), ("630104", "青海省西宁市", "西宁", "城西区", 1),
    ("640104", "宁夏回族自治区银川市", "银川", "兴庆区", 2),
    ("650102", "新疆维吾尔自治区乌鲁木齐市", "乌鲁木齐", "天山区", 4),
)

GENERIC_STREETS = ("人民路", "建设路", "中山路", "解放路", "友谊路", "长江道", "黄河道", "工业园路",
                   "科技大道", "创业路", "新华路", "文化路", "光明路", "兴业街", "和平路", "朝阳路",
                   "发展大道", "经济技术开发区泰山路", "高新区科技园路", "滨河大道")


@dataclass(frozen=True)
class Place:
    division_code: str
    address: str
    name_prefix: str  # how a company name from here begins (天津滨海, 深圳市 …)
    area: str         # a short local place name, for cooperatives and institutions

    @property
    def sites_json(self) -> str:
        """The address as a one-site JSON list (a certificate's `sites`). The
        addresses are built from the lists above, which hold no character JSON
        would escape; json.dumps per certificate was a tenth of the run."""
        if '"' in self.address or "\\" in self.address:
            return json.dumps([self.address], ensure_ascii=False)
        return f'["{self.address}"]'



def _weighted(items: tuple, weight_index: int) -> tuple[list[float], tuple]:
    return list(accumulate(item[weight_index] for item in items)), items


_AREA_CUM, _ = _weighted(BINHAI_AREAS, 2)
_TJ_CUM, _ = _weighted(TIANJIN_DISTRICTS, 2)
_CN_CUM, _ = _weighted(NATIONAL_DIVISIONS, 4)


def _number(rng: random.Random) -> str:
    n = rng.randint(1, 999)
    if rng.random() < 0.25:
        return f"{n}号{rng.randint(1, 12)}号楼{rng.randint(1, 20)}{rng.randint(1, 9):02d}室"
    if rng.random() < 0.12:
        return f"{n}号{rng.choice('ABCDE')}座{rng.randint(2, 28)}层"
    return f"{n}号"


def binhai_address(rng: random.Random) -> str:
    area, streets, _ = BINHAI_AREAS[bisect(_AREA_CUM, rng.random() * _AREA_CUM[-1])]
    return f"{area}{rng.choice(streets)}{_number(rng)}"


def binhai_place(rng: random.Random) -> Place:
    return Place(BINHAI, binhai_address(rng), "天津滨海" if rng.random() < 0.7 else "天津",
                 rng.choice(BINHAI_AREA_NAMES))


def tianjin_place(rng: random.Random) -> Place:
    code, name, _ = TIANJIN_DISTRICTS[bisect(_TJ_CUM, rng.random() * _TJ_CUM[-1])]
    if code == BINHAI:
        return binhai_place(rng)
    address = f"天津市{name}{rng.choice(GENERIC_STREETS)}{_number(rng)}"
    return Place(code, address, "天津" if rng.random() < 0.6 else "天津市", name[:-1])


def national_place(rng: random.Random) -> Place:
    code, province, city, district, _ = NATIONAL_DIVISIONS[
        bisect(_CN_CUM, rng.random() * _CN_CUM[-1])]
    if code == BINHAI:
        return binhai_place(rng)
    district_part = "" if district == f"{city}市" else district
    address = f"{province}{district_part}{rng.choice(GENERIC_STREETS)}{_number(rng)}"
    prefix = city if rng.random() < 0.6 else f"{city}市"
    return Place(code, address, prefix, district.rstrip("区市"))


PLACE_MAKERS = {"binhai": binhai_place, "tianjin": tianjin_place, "national": national_place}


def cma_authority(division_code: str) -> str:
    """The CMA issuing authority for a lab in this division: its province."""
    return division_code[:2]
