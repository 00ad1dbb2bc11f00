"""Industries (GB/T 4754-2017 classes) and what their enterprises get certified for.

Each industry names the words a company name uses, what it makes or offers
(for certificate scopes) and a certification profile: the relative weights of
the schemes its enterprises hold. The mix is Binhai's: manufacturing first
(equipment manufacturing C33–C40 a large part), then trade, logistics around
the port, IT, construction and services.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

_MGMT = {"ISO9001": 50, "ISO14001": 22, "ISO45001": 20, "ISO50001": 1, "GBT29490": 2,
         "ISO27001": 1, "ISO56002": 0.4, "ISO22301": 0.3, "ISO55001": 0.3}
_SERVICE = {"SERVICE-QUALITY": 5, "ISO10002": 2}

PROFILES: dict[str, dict[str, float]] = {
    "general": {**_MGMT, **_SERVICE},
    "manufacturing": {**_MGMT, "ISO14001": 26, "ISO45001": 24, "ISO50001": 2.5, "GBT29490": 3,
                      "CQC-VOL": 6, "GREEN-PRODUCT": 2, "LOW-CARBON": 1, "ENERGY-SAVING": 3},
    "heavy": {**_MGMT, "ISO14001": 28, "ISO45001": 26, "ISO50001": 8, "ISO55001": 1,
              "LOW-CARBON": 4, "GREEN-PRODUCT": 3, "CQC-VOL": 3},
    "electrical": {**_MGMT, "ISO14001": 24, "ISO45001": 20, "GBT29490": 4, "CCC": 40,
                   "ENERGY-SAVING": 8, "CQC-VOL": 6, "GBT27922": 10, "GREEN-PRODUCT": 2},
    "automotive": {**_MGMT, "ISO14001": 24, "ISO45001": 22, "IATF16949": 22, "CCC": 10,
                   "GBT29490": 3},
    "medical": {**_MGMT, "ISO13485": 30, "ISO14001": 18, "ISO45001": 14},
    "food": {"ISO9001": 40, "ISO14001": 10, "ISO45001": 8, "HACCP": 24, "ISO22000": 18,
             "GREEN-FOOD": 4, "GBT29490": 1},
    "feed": {"ISO9001": 40, "ISO14001": 8, "FEED-GMP": 22, "HACCP": 4, "ISO22000": 4},
    "agri": {"ISO9001": 18, "ORGANIC": 26, "GAP": 14, "GREEN-FOOD": 14, "ISO22000": 3},
    "construction": {"ISO9001": 50, "ISO14001": 26, "ISO45001": 26, "GBT50430": 22,
                     "ISO50001": 0.5},
    "it": {"ISO9001": 50, "ISO27001": 22, "ISO20000": 16, "ISO14001": 8, "ISO45001": 6,
           "GBT29490": 6, "ISO22301": 2, "ISO56002": 1, "ECOMMERCE": 1.5, "SERVICE-QUALITY": 1},
    "logistics": {"ISO9001": 50, "ISO14001": 16, "ISO45001": 16, "LOGISTICS": 18,
                  "SERVICE-QUALITY": 5, "ISO27001": 1},
    "retail": {"ISO9001": 50, "ISO14001": 10, "ISO45001": 8, "GBT27922": 18, "ISO10002": 5,
               "SERVICE-QUALITY": 5},
    "supermarket": {"ISO9001": 40, "ISO14001": 10, "HACCP": 8, "GBT27922": 10, "ISO10002": 5,
                    "SERVICE-QUALITY": 6},
    "ecommerce": {"ISO9001": 40, "ISO27001": 10, "ECOMMERCE": 20, "GBT27922": 10, "ISO10002": 5},
    "catering": {"ISO9001": 40, "ISO14001": 10, "ISO45001": 8, "HACCP": 16, "ISO22000": 9,
                 "SERVICE-QUALITY": 10},
    "property": {"ISO9001": 50, "ISO14001": 22, "ISO45001": 22, "SERVICE-QUALITY": 10,
                 "ISO10002": 4},
    "elderly": {"ISO9001": 36, "ELDERLY-CARE": 26, "SERVICE-QUALITY": 4, "ISO45001": 4},
    "research": {**_MGMT, "GBT29490": 10, "ISO56002": 3, "ISO27001": 2},
    "energy": {**_MGMT, "ISO50001": 12, "ISO55001": 3, "ISO14001": 26, "ISO45001": 26},
}
REPEATABLE = frozenset({"CCC", "CQC-VOL", "ENERGY-SAVING", "GREEN-PRODUCT", "LOW-CARBON",
                        "ORGANIC", "GAP", "GREEN-FOOD", "FEED-GMP"})


@dataclass(frozen=True)
class Industry:
    code: str
    name: str
    weight: float
    words: tuple[str, ...]     # the 行业词 of a company name
    products: tuple[str, ...]  # what goes into a certificate's scope
    profile: str
    ccc_products: tuple[str, ...] = ()
    section: str = field(init=False)
    is_equipment: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "section", self.code[0])
        division = int(self.code[1:3])
        object.__setattr__(self, "is_equipment", self.code[0] == "C" and 33 <= division <= 40)


I = Industry  # noqa: E741 — a short alias keeps the table readable
INDUSTRIES: tuple[Industry, ...] = (
    I("A0111", "稻谷种植", 1.5, ("农业科技", "农业发展"), ("小站稻", "水稻"), "agri"),
    I("A0141", "蔬菜种植", 2, ("农业科技", "现代农业"), ("蔬菜", "番茄", "黄瓜"), "agri"),
    I("A0151", "仁果类和核果类水果种植", 2, ("果业", "农业开发"), ("葡萄", "冬枣"), "agri"),
    I("A0311", "牛的饲养", 1, ("牧业", "畜牧"), ("肉牛", "奶牛"), "agri"),
    I("A0313", "猪的饲养", 1, ("牧业", "养殖"), ("生猪",), "agri"),
    I("A0411", "海水养殖", 2, ("水产养殖", "海洋科技"), ("对虾", "海参", "梭子蟹"), "agri"),
    I("C1320", "饲料加工", 2, ("饲料", "生物科技"), ("配合饲料", "浓缩饲料"), "feed"),
    I("C1331", "食用植物油加工", 2, ("粮油", "油脂"), ("食用植物油", "大豆油"), "food"),
    I("C1353", "肉制品及副产品加工", 2, ("食品", "肉类食品"), ("熟肉制品", "速冻肉制品"), "food"),
    I("C1361", "水产品冷冻加工", 2, ("水产食品", "海产品"), ("冷冻水产品", "冻虾仁"), "food"),
    I("C1411", "糕点、面包制造", 3, ("食品", "烘焙食品"), ("糕点", "面包"), "food"),
    I("C1431", "米、面制品制造", 2, ("食品", "面业"), ("挂面", "速冻米面食品"), "food"),
    I("C1441", "液体乳制造", 1, ("乳业",), ("巴氏杀菌乳", "发酵乳"), "food"),
    I("C1522", "瓶（罐）装饮用水制造", 1, ("饮品", "饮用水"), ("包装饮用水",), "food"),
    I("C1713", "棉印染精加工", 1, ("纺织", "印染"), ("棉印染布",), "manufacturing"),
    I("C1811", "运动机织服装制造", 2, ("服饰", "服装"), ("运动服装", "工作服"), "manufacturing"),
    I("C2231", "纸和纸板容器制造", 3, ("包装", "纸制品"), ("瓦楞纸箱", "纸质包装容器"), "manufacturing"),
    I("C2319", "包装装潢及其他印刷", 2, ("印刷", "包装印刷"), ("包装装潢印刷品",), "manufacturing"),
    I("C2511", "原油加工及石油制品制造", 1, ("石化", "石油化工"), ("成品油", "润滑油"), "heavy"),
    I("C2614", "有机化学原料制造", 2, ("化工", "化学"), ("有机化工原料", "精细化学品"), "heavy"),
    I("C2641", "涂料制造", 2, ("涂料", "新材料"), ("水性涂料", "工业防腐涂料"), "manufacturing",
      ("溶剂型木器涂料", "瓷砖胶")),
    I("C2651", "初级形态塑料及合成树脂制造", 1, ("新材料", "高分子材料"), ("合成树脂", "工程塑料"), "heavy"),
    I("C2720", "化学药品制剂制造", 2, ("制药", "医药"), ("化学药品制剂",), "medical"),
    I("C2770", "卫生材料及医药用品制造", 2, ("医疗用品", "医用材料"), ("医用敷料", "一次性使用医用口罩"), "medical"),
    I("C2922", "塑料板、管、型材制造", 3, ("塑胶", "管业"), ("塑料管材", "塑料型材"), "manufacturing"),
    I("C2926", "塑料包装箱及容器制造", 2, ("塑料制品", "包装材料"), ("塑料包装容器",), "manufacturing"),
    I("C3021", "水泥制品制造", 2, ("建材", "混凝土"), ("预拌混凝土", "混凝土预制构件"), "heavy"),
    I("C3042", "特种玻璃制造", 1, ("玻璃", "光电材料"), ("钢化玻璃", "夹层玻璃"), "manufacturing",
      ("汽车安全玻璃", "建筑安全玻璃")),
    I("C3130", "钢压延加工", 3, ("钢铁", "钢管"), ("无缝钢管", "热轧钢板"), "heavy"),
    I("C3252", "铝压延加工", 1, ("铝业", "金属材料"), ("铝合金型材", "铝板带"), "heavy"),
    I("C3311", "金属结构制造", 5, ("钢结构", "金属结构"), ("钢结构件", "网架结构"), "manufacturing"),
    I("C3331", "集装箱制造", 1, ("集装箱", "物流装备"), ("干货集装箱", "冷藏集装箱"), "manufacturing"),
    I("C3360", "金属表面处理及热处理加工", 2, ("表面处理", "热处理"), ("金属表面处理", "金属热处理"), "manufacturing"),
    I("C3411", "锅炉及辅助设备制造", 1, ("锅炉", "热能设备"), ("工业锅炉", "余热锅炉"), "manufacturing"),
    I("C3441", "泵及真空设备制造", 2, ("泵业", "流体设备"), ("离心泵", "真空泵"), "manufacturing"),
    I("C3444", "阀门和旋塞制造", 3, ("阀门", "流体控制"), ("阀门", "球阀", "蝶阀"), "manufacturing"),
    I("C3451", "滚动轴承制造", 1, ("轴承",), ("滚动轴承",), "manufacturing"),
    I("C3484", "机械零部件加工", 6, ("机械", "精密机械", "机械设备"), ("机械零部件", "精密机加工件"), "manufacturing"),
    I("C3531", "食品、酒、饮料及茶生产专用设备制造", 1, ("食品机械",), ("食品加工机械",), "manufacturing"),
    I("C3544", "制药专用设备制造", 1, ("制药装备",), ("制药设备", "压片机"), "manufacturing"),
    I("C3562", "半导体器件专用设备制造", 1, ("半导体设备", "微电子装备"), ("半导体专用设备",), "manufacturing"),
    I("C3581", "医疗诊断、监护及治疗设备制造", 2, ("医疗器械", "医疗设备"), ("医用监护仪", "体外诊断设备"), "medical"),
    I("C3612", "新能源车整车制造", 1, ("新能源汽车",), ("新能源汽车",), "automotive", ("电动汽车",)),
    I("C3670", "汽车零部件及配件制造", 6, ("汽车零部件", "汽车配件", "汽车部件"), ("汽车零部件", "汽车座椅", "汽车线束"),
      "automotive", ("汽车灯具", "汽车座椅及头枕", "机动车回复反射器")),
    I("C3731", "金属船舶制造", 1, ("船舶", "船舶重工"), ("钢质船舶",), "heavy"),
    I("C3737", "海洋工程装备制造", 2, ("海洋工程", "海工装备"), ("海洋工程装备", "海洋平台模块"), "heavy"),
    I("C3741", "飞机制造", 1, ("航空", "航空科技"), ("航空器零部件", "飞机部件"), "manufacturing"),
    I("C3811", "发电机及发电机组制造", 1, ("电机", "动力设备"), ("发电机组", "风力发电机组"), "electrical"),
    I("C3823", "配电开关控制设备制造", 3, ("电气", "电力设备", "电气设备"), ("低压成套开关设备", "配电箱"),
      "electrical", ("低压成套开关设备", "低压元器件", "断路器")),
    I("C3831", "电线、电缆制造", 2, ("电缆", "线缆"), ("电线电缆",), "electrical", ("聚氯乙烯绝缘电缆", "橡皮绝缘电缆")),
    I("C3841", "锂离子电池制造", 2, ("新能源", "电池"), ("锂离子电池",), "electrical", ("锂离子电池组",)),
    I("C3851", "家用制冷电器具制造", 1, ("电器", "制冷设备"), ("家用电冰箱", "空调器"), "electrical",
      ("家用电冰箱", "房间空气调节器")),
    I("C3872", "照明灯具制造", 2, ("照明", "光电"), ("LED灯具",), "electrical", ("固定式通用灯具", "嵌入式灯具")),
    I("C3911", "计算机整机制造", 1, ("电子科技", "计算机"), ("工业计算机", "服务器"), "electrical",
      ("微型计算机", "服务器")),
    I("C3921", "通信系统设备制造", 1, ("通信", "通讯设备"), ("通信设备",), "electrical", ("移动用户终端",)),
    I("C3976", "光电子器件制造", 2, ("光电", "电子"), ("光电子器件", "LED芯片"), "electrical"),
    I("C3982", "电子电路制造", 3, ("电子", "电路科技"), ("印制电路板",), "electrical", ("电源适配器",)),
    I("C4011", "工业自动控制系统装置制造", 2, ("自动化", "智能控制"), ("工业自动控制系统",), "manufacturing"),
    I("C4014", "实验分析仪器制造", 1, ("仪器", "分析仪器"), ("实验分析仪器",), "manufacturing"),
    I("C4021", "环境监测专用仪器仪表制造", 1, ("环保科技", "仪器仪表"), ("环境监测仪器",), "manufacturing"),
    I("D4411", "火力发电", 1, ("热电", "能源"), ("火力发电",), "energy"),
    I("D4415", "风力发电", 1, ("新能源", "风电"), ("风力发电",), "energy"),
    I("D4430", "热力生产和供应", 1, ("热力", "供热"), ("集中供热",), "energy"),
    I("E4710", "住宅房屋建筑", 4, ("建筑工程", "建设工程", "建设集团"), ("房屋建筑工程施工",), "construction"),
    I("E4812", "公路工程建筑", 2, ("路桥工程", "市政工程"), ("公路工程施工", "市政公用工程施工"), "construction"),
    I("E4910", "电气安装", 2, ("机电安装", "电力工程"), ("机电安装工程", "电力工程施工"), "construction"),
    I("E5011", "公共建筑装饰和装修", 3, ("装饰工程", "装饰设计"), ("建筑装饰装修工程",), "construction"),
    I("F5137", "家用电器批发", 3, ("商贸", "电器销售"), ("家用电器销售",), "retail"),
    I("F5162", "石油及制品批发", 2, ("能源贸易", "石化贸易"), ("成品油批发",), "retail"),
    I("F5179", "其他机械设备及电子产品批发", 8, ("贸易", "国际贸易", "商贸"), ("机械设备及电子产品销售",), "retail"),
    I("F5212", "超级市场零售", 3, ("商业", "超市"), ("超市零售",), "supermarket"),
    I("F5261", "汽车新车零售", 2, ("汽车销售", "汽车服务"), ("汽车销售及售后服务",), "retail"),
    I("F5292", "互联网零售", 3, ("电子商务", "网络科技"), ("网络零售",), "ecommerce"),
    I("G5431", "普通货物道路运输", 5, ("物流", "运输"), ("道路货物运输",), "logistics"),
    I("G5532", "货运港口", 2, ("港务", "码头"), ("港口装卸",), "logistics"),
    I("G5821", "货物运输代理", 6, ("国际物流", "供应链管理", "国际货运代理"), ("国际货运代理",), "logistics"),
    I("G5920", "通用仓储", 3, ("仓储", "物流"), ("仓储服务",), "logistics"),
    I("G5930", "低温仓储", 1, ("冷链物流", "冷链"), ("冷链仓储",), "logistics"),
    I("H6110", "旅游饭店", 2, ("酒店管理", "酒店"), ("酒店住宿",), "catering"),
    I("H6210", "正餐服务", 4, ("餐饮管理", "餐饮"), ("餐饮服务",), "catering"),
    I("H6220", "快餐服务", 2, ("餐饮", "团餐管理"), ("团体膳食",), "catering"),
    I("I6513", "应用软件开发", 6, ("软件", "信息技术", "网络科技"), ("应用软件开发",), "it"),
    I("I6531", "信息系统集成服务", 3, ("信息技术", "系统集成", "智能科技"), ("信息系统集成",), "it"),
    I("I6540", "运行维护服务", 2, ("信息服务", "数据科技"), ("信息技术运行维护",), "it"),
    I("I6550", "信息处理和存储支持服务", 1, ("数据", "云计算"), ("数据处理和存储",), "it"),
    I("K7020", "物业管理", 4, ("物业管理", "物业服务"), ("物业管理服务",), "property"),
    I("L7211", "企业总部管理", 3, ("企业管理", "实业"), ("企业管理服务",), "general"),
    I("M7320", "工程和技术研究和试验发展", 3, ("科技发展", "技术研究"), ("技术研发",), "research"),
    I("M7452", "检测服务", 2, ("检测技术", "技术服务"), ("检测服务",), "research"),
    I("M7484", "工程设计活动", 2, ("工程设计", "工程咨询"), ("工程设计",), "research"),
    I("N7721", "水污染治理", 1, ("环保科技", "水处理"), ("污水处理",), "general"),
    I("N7820", "环境卫生管理", 1, ("环境服务", "环卫"), ("环境卫生管理服务",), "property"),
    I("O8010", "家庭服务", 1, ("家政服务",), ("家政服务",), "general"),
    I("O8111", "汽车修理与维护", 2, ("汽车服务", "汽车维修"), ("汽车维修",), "retail"),
    I("P8391", "职业技能培训", 1, ("教育科技", "培训"), ("职业技能培训",), "general"),
    I("Q8411", "综合医院", 1, ("医院",), ("医疗服务",), "general"),
    I("Q8514", "老年人、残疾人养护服务", 1, ("养老服务", "健康养老"), ("机构养老服务",), "elderly"),
    I("S9522", "行业性团体", 0, ("协会",), ("行业服务",), "general"),
    I("D4620", "污水处理及其再生利用", 0, ("水务",), ("污水处理",), "general"),
    I("M7590", "其他科技推广服务业", 0, ("农业技术",), ("农业技术推广",), "research"),
)
del I

BY_CODE = {industry.code: industry for industry in INDUSTRIES}
_CUM = list(accumulate(industry.weight for industry in INDUSTRIES))


def pick_industry(rng: random.Random) -> Industry:
    return INDUSTRIES[bisect(_CUM, rng.random() * _CUM[-1])]


# How likely an enterprise of this section and size is to hold certificates,
# relative to the others; writer.py scales it to the scale's target.
SECTION_CERT_AFFINITY = {"C": 2.4, "E": 2.2, "D": 1.8, "I": 1.5, "M": 1.4, "G": 1.2, "K": 1.1,
                         "Q": 1.0, "A": 0.9, "H": 0.6, "F": 0.5, "N": 0.8, "L": 0.5, "O": 0.3,
                         "P": 0.4, "S": 0.2}
SIZE_CERT_AFFINITY = {"large": 14.0, "medium": 5.0, "small": 1.6, "micro": 0.5, "": 0.6}
SIZE_CERT_COUNT = {"large": 2.6, "medium": 1.6, "small": 1.0, "micro": 0.7, "": 0.8}
SIZE_MIX = {
    "C": ((3, "large"), (12, "medium"), (35, "small"), (50, "micro")),
    "*": ((1, "large"), (5, "medium"), (25, "small"), (69, "micro")),
}


def pick_size(rng: random.Random, section: str) -> str:
    mix = SIZE_MIX.get(section, SIZE_MIX["*"])
    roll = rng.random() * 100
    for weight, size in mix:
        if roll < weight:
            return size
        roll -= weight
    return mix[-1][1]
