"""Domain readings of polyphonic characters that pypinyin gets wrong or that
must stay fixed for stable sorting, slugs and search keys.
Phrase → one tone-marked syllable per character."""

PHRASES: dict[str, str] = {
    "长效": "cháng xiào",
    "长效机制": "cháng xiào jī zhì",
    "长治久安": "cháng zhì jiǔ ān",
    "长期": "cháng qī",
    "重点": "zhòng diǎn",
    "重点人群": "zhòng diǎn rén qún",
    "重大": "zhòng dà",
    "调解": "tiáo jiě",
    "调处": "tiáo chǔ",
    "调解员": "tiáo jiě yuán",
    "人民调解": "rén mín tiáo jiě",
    "行政": "xíng zhèng",
    "行政村": "xíng zhèng cūn",
    "执行": "zhí xíng",
    "会计": "kuài jì",
    "六都寨": "liù dū zhài",
    "六都寨镇": "liù dū zhài zhèn",
    "供养": "gòng yǎng",
    "着力": "zhuó lì",
    "差额": "chā é",
    "给予": "jǐ yǔ",
    "处置": "chǔ zhì",
    "处理": "chǔ lǐ",
    "模块": "mó kuài",
    "模式": "mó shì",
    "率先": "shuài xiān",
    "覆盖率": "fù gài lǜ",
    "参与": "cān yù",
    "和林格尔": "hé lín gé ěr",
    "便民": "biàn mín",
    "干部": "gàn bù",
    "村干部": "cūn gàn bù",
    "落实": "luò shí",
    "应急": "yìng jí",
    "相关": "xiāng guān",
    "数字乡村": "shù zì xiāng cūn",
    "村长": "cūn zhǎng",
    "镇长": "zhèn zhǎng",
    "组长": "zǔ zhǎng",
    "网格长": "wǎng gé zhǎng",
}


def load_phrases() -> None:
    """Register the domain readings with pypinyin (idempotent)."""
    from pypinyin import load_phrases_dict
    load_phrases_dict({phrase: [[s] for s in reading.split()] for phrase, reading in PHRASES.items()})
