"""Domain readings of polyphonic characters that pypinyin gets wrong or that
must be fixed for stable search keys. Phrase → one syllable per character."""

PHRASES: dict[str, list[str]] = {
    "长效": ["chang", "xiao"],
    "长效机制": ["chang", "xiao", "ji", "zhi"],
    "长治久安": ["chang", "zhi", "jiu", "an"],
    "长期": ["chang", "qi"],
    "重点": ["zhong", "dian"],
    "重点人群": ["zhong", "dian", "ren", "qun"],
    "重大": ["zhong", "da"],
    "调解": ["tiao", "jie"],
    "调处": ["tiao", "chu"],
    "调解员": ["tiao", "jie", "yuan"],
    "人民调解": ["ren", "min", "tiao", "jie"],
    "行政": ["xing", "zheng"],
    "行政村": ["xing", "zheng", "cun"],
    "执行": ["zhi", "xing"],
    "会计": ["kuai", "ji"],
    "六都寨": ["liu", "du", "zhai"],
    "六都寨镇": ["liu", "du", "zhai", "zhen"],
    "供养": ["gong", "yang"],
    "特困供养": ["te", "kun", "gong", "yang"],
    "着力": ["zhuo", "li"],
    "差额": ["cha", "e"],
    "给予": ["ji", "yu"],
    "处置": ["chu", "zhi"],
    "处理": ["chu", "li"],
    "模块": ["mo", "kuai"],
    "模式": ["mo", "shi"],
    "率先": ["shuai", "xian"],
    "覆盖率": ["fu", "gai", "lv"],
    "参与": ["can", "yu"],
    "和林格尔": ["he", "lin", "ge", "er"],
    "曾经": ["ceng", "jing"],
    "都市": ["du", "shi"],
    "便民": ["bian", "min"],
    "便民服务": ["bian", "min", "fu", "wu"],
    "干部": ["gan", "bu"],
    "村干部": ["cun", "gan", "bu"],
    "落实": ["luo", "shi"],
    "乐于": ["le", "yu"],
    "应急": ["ying", "ji"],
    "相关": ["xiang", "guan"],
    "数字乡村": ["shu", "zi", "xiang", "cun"],
}


def load_phrases() -> None:
    """Register the domain readings with pypinyin (idempotent)."""
    from pypinyin import load_phrases_dict
    load_phrases_dict({phrase: [[s] for s in syllables] for phrase, syllables in PHRASES.items()})
