"""Word lists for invented names. Plain data, no logic."""

from __future__ import annotations

# 字号 syllables with their pinyin (for English names of bodies). Two of them
# make a trade name; the pairs that spell a well-known brand are refused below.
SYLLABLES: tuple[tuple[str, str], ...] = (
    ("华", "Hua"), ("信", "Xin"), ("泰", "Tai"), ("达", "Da"), ("瑞", "Rui"), ("丰", "Feng"),
    ("恒", "Heng"), ("通", "Tong"), ("鑫", "Xin"), ("源", "Yuan"), ("宏", "Hong"), ("盛", "Sheng"),
    ("博", "Bo"), ("远", "Yuan"), ("海", "Hai"), ("晟", "Sheng"), ("嘉", "Jia"), ("诚", "Cheng"),
    ("德", "De"), ("润", "Run"), ("金", "Jin"), ("鼎", "Ding"), ("昌", "Chang"), ("隆", "Long"),
    ("安", "An"), ("康", "Kang"), ("宇", "Yu"), ("星", "Xing"), ("辰", "Chen"), ("光", "Guang"),
    ("明", "Ming"), ("正", "Zheng"), ("卓", "Zhuo"), ("越", "Yue"), ("凯", "Kai"), ("旭", "Xu"),
    ("新", "Xin"), ("创", "Chuang"), ("科", "Ke"), ("立", "Li"), ("伟", "Wei"), ("兴", "Xing"),
    ("和", "He"), ("天", "Tian"), ("元", "Yuan"), ("久", "Jiu"), ("顺", "Shun"), ("益", "Yi"),
    ("利", "Li"), ("祥", "Xiang"), ("福", "Fu"), ("万", "Wan"), ("联", "Lian"), ("成", "Cheng"),
    ("峰", "Feng"), ("岳", "Yue"), ("聚", "Ju"), ("誉", "Yu"), ("汇", "Hui"), ("腾", "Teng"),
    ("飞", "Fei"), ("骏", "Jun"), ("锦", "Jin"), ("航", "Hang"), ("舟", "Zhou"), ("津", "Jin"),
    ("滨", "Bin"), ("渤", "Bo"), ("澜", "Lan"), ("川", "Chuan"), ("林", "Lin"), ("森", "Sen"),
    ("禾", "He"), ("晶", "Jing"), ("磊", "Lei"), ("钧", "Jun"), ("铭", "Ming"), ("睿", "Rui"),
    ("智", "Zhi"), ("慧", "Hui"), ("维", "Wei"), ("尚", "Shang"), ("宸", "Chen"), ("弘", "Hong"),
    ("毅", "Yi"), ("坤", "Kun"), ("乾", "Qian"), ("融", "Rong"), ("衡", "Heng"), ("启", "Qi"),
    ("耀", "Yao"), ("朗", "Lang"), ("璟", "Jing"), ("瀚", "Han"), ("翔", "Xiang"), ("奥", "Ao"),
    ("拓", "Tuo"), ("展", "Zhan"), ("致", "Zhi"), ("蓝", "Lan"), ("青", "Qing"), ("松", "Song"),
    ("柏", "Bai"), ("泽", "Ze"), ("沃", "Wo"), ("耕", "Geng"), ("田", "Tian"),
    ("扬", "Yang"), ("帆", "Fan"), ("驰", "Chi"), ("骐", "Qi"), ("骋", "Cheng"), ("东", "Dong"),
    ("北", "Bei"), ("南", "Nan"), ("茂", "Mao"), ("荣", "Rong"), ("佳", "Jia"), ("俊", "Jun"),
    ("朔", "Shuo"), ("晖", "Hui"), ("煜", "Yu"), ("钰", "Yu"), ("琨", "Kun"), ("瑜", "Yu"),
)

# Trade names of well-known companies that the syllables could spell. A demo
# must not look as if a real brand were certified (or suspended).
FAMOUS_TRADE_NAMES = frozenset({
    "海信", "光明", "万达", "华润", "联通", "安利", "信达", "华泰", "泰康", "海通", "顺丰",
    "恒瑞", "康泰", "达利", "汇源", "海天", "福耀", "万科", "金科", "华新", "新华", "天安",
    "益海", "恒安", "宇通", "启明", "海康", "华星", "万和", "天合", "晶科", "汇川", "华信",
    "恒大", "中兴", "万通", "天士", "联想", "泰达", "滨海", "华海", "正泰", "德力", "天瑞",
    "星辰", "华联", "东方", "南方", "北方", "新希", "蓝月", "金龙", "光大", "招商",
    "华夏", "民生", "兴业", "中信", "平安", "太平", "人寿", "国泰", "华安", "博时", "嘉实",
    "万家", "汇丰", "渤海", "天海", "海航", "东航", "南航", "国航", "联合", "百度", "腾讯",
})

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_NAMES = (
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
    "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "志强", "海燕",
    "文博", "子涵", "浩然", "雨桐", "思远", "晓东", "春梅", "立新", "红梅", "国庆", "学军",
    "海波", "宏伟", "志刚", "玉兰", "振华", "晓明", "佳怡", "一鸣", "欣然", "宇航", "亚楠",
)

# Shop words for 个体工商户 (kind 2), by section letter; "*" for the rest.
SHOP_WORDS = {
    "F": ("便利店", "五金经营部", "日杂店", "建材经营部", "家电商行", "水产品店"),
    "H": ("餐馆", "饭店", "小吃店", "面馆", "海鲜酒家"),
    "O": ("汽车修理部", "洗衣店", "家政服务部", "理发店"),
    "G": ("货运部", "搬家服务部"),
    "*": ("经营部", "商行", "工作室", "服务部"),
}

# Farmers' cooperatives (kind 3): a place in Binhai and what they grow or raise.
COOP_PLACES = ("茶淀", "杨家泊", "太平", "小王庄", "中塘", "新城", "北塘", "寨上", "营城")
COOP_PRODUCTS = (
    ("葡萄种植", "A0151"), ("蔬菜种植", "A0141"), ("水稻种植", "A0111"), ("冬枣种植", "A0151"),
    ("水产养殖", "A0411"), ("肉牛养殖", "A0311"), ("生猪养殖", "A0313"), ("食用菌种植", "A0141"),
)

# Social organisations (authority 5) and public institutions (authority 1):
# (name pattern, industry code). {z} is a trade name, {a} an area.
ASSOCIATION_NAMES = (
    ("{p}物流协会", "S9522"), ("{p}{z}商会", "S9522"), ("{p}食品行业协会", "S9522"),
    ("{p}装备制造业协会", "S9522"), ("{p}软件和信息服务业协会", "S9522"),
    ("{p}质量协会", "S9522"), ("{p}电子商务协会", "S9522"), ("{p}{z}企业家联合会", "S9522"),
)
NONPROFIT_NAMES = (
    ("{p}{z}养老院", "Q8514"), ("{p}{z}颐养中心", "Q8514"), ("{p}{z}职业培训学校", "P8391"),
    ("{p}{z}社会工作服务中心", "S9522"), ("{p}{z}康复中心", "Q8514"),
)
INSTITUTION_NAMES = (
    ("{p}{a}社区卫生服务中心", "Q8411"), ("{p}{a}农业技术推广站", "M7590"),
    ("{p}{a}产品质量检验所", "M7452"), ("{p}{a}职业技术学校", "P8391"),
    ("{p}{a}水务服务中心", "D4620"), ("{p}{a}环境卫生服务中心", "N7820"),
)

# Where a certification body has its head office, weighted like the real
# directory (most in Beijing, then Shanghai, Tianjin, Guangdong …).
BODY_SEATS = (
    ("110105", "北京", 38), ("110108", "北京", 14), ("310115", "上海", 10), ("310104", "上海", 5),
    ("120116", "天津", 9), ("120103", "天津", 4), ("440305", "深圳", 6), ("440106", "广州", 4),
    ("320106", "南京", 3), ("330106", "杭州", 3), ("370202", "青岛", 2), ("420106", "武汉", 2),
)
BODY_NAME_PATTERNS = (
    ("{z}认证（演示）有限公司", "{e} Certification (Demo) Co., Ltd."),
    ("{z}质量认证中心（演示）", "{e} Quality Certification Centre (Demo)"),
    ("{c}{z}检验认证（演示）有限公司", "{c_en} {e} Inspection & Certification (Demo) Co., Ltd."),
    ("{z}国际认证（演示）有限公司", "{e} International Certification (Demo) Co., Ltd."),
    ("{z}标准认证（演示）有限公司", "{e} Standards Certification (Demo) Co., Ltd."),
    ("{z}环球认证（演示）有限公司", "{e} Global Certification (Demo) Co., Ltd."),
    ("{c}{z}认证服务（演示）有限公司", "{c_en} {e} Certification Services (Demo) Co., Ltd."),
)
CITY_EN = {"北京": "Beijing", "上海": "Shanghai", "天津": "Tianjin", "深圳": "Shenzhen",
           "广州": "Guangzhou", "南京": "Nanjing", "杭州": "Hangzhou", "青岛": "Qingdao",
           "武汉": "Wuhan"}

LAB_NAME_PATTERNS = (
    "{p}{z}检测技术（演示）有限公司", "{p}{z}检验检测（演示）有限公司",
    "{p}{z}计量检测（演示）有限公司", "{p}{z}环境检测（演示）有限公司",
    "{p}{z}质量检验中心（演示）", "{p}{z}工程质量检测（演示）有限公司",
)
# CMA fields (检验检测领域) and the two-digit field code used in the number.
LAB_FIELDS = (
    ("机动车检验", "01"), ("建设工程", "02"), ("环境监测", "03"), ("食品", "04"),
    ("电子电器", "05"), ("化工产品", "06"), ("医疗器械", "07"), ("特种设备", "08"),
    ("纺织服装", "09"), ("计量校准", "10"), ("农产品", "11"), ("卫生", "12"),
)
