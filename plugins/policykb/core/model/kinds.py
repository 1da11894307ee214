"""The content kinds: each is a schema (ordered fields) plus the roles it plays in the site.

Adding a kind means registering a `Kind` (here, or from a project's own code
before the build): loader, validator, linker, page renderer, search, exports,
ledger workbook and editor schema read `KINDS` and need no change. What a kind
takes part in is said by its `roles`, and every list of kinds elsewhere is
`kinds_with(role)`:

    hub       listed by theme: sections of theme hubs, counts on theme cards,
              the 统计 table and README counts (needs a `themes` field)
    chart     a bar of the 统计 chart of entries per theme
    coverage  its references to 工作措施 count as coverage on the 统计 缺口 list
    inlined   a handout carries its full text when a training module lists it as reading
    terms     its entries are terms marked in the text of other pages (title and aliases)
    enum      references to it are offered as a list of ids in the editor schema
    tally     named with its count below the 统计 table (另有…)
    words     search keeps its entries' names (title and aliases) whole when it segments text

A role may carry a number: kinds with a larger number come later in that
role's lists (ties keep registration order). Other switches: `ledger` (the
name of a downloadable CSV/Excel sheet of the kind), `sheet_headers` (ledger
words used instead of field labels), `list_note` (text after an entry's link
in lists). Records render generically: inline as their parts joined, in a
section as a table (`Record.columns`). Example, a kind of events (活动):

    register(Kind("event", "events", "活动", "title", {
        "title": Text("标题", required=True, max_length=100, show="none"),
        "themes": RefTo("主题", required=True, kind="theme", inverse=""),
        "summary": Text("概述", required=True, show="summary"),
        "date": Date("日期"), "place": PLACE,
        "body": Markdown("内容", show="section"),
        "units": RefTo("参与单位", kind="unit", inverse="参与的活动"),
    }, roles=("hub",), icon="material/calendar"))

and, if the kind's index belongs in the nav, an `event/index.md` nav item in mkdocs.yml (its entry pages
stay out of the nav: the plugin marks every generated page so).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..lang import pinyin
from .fields import AnyRef, Choice, Date, FieldType, Integer, Markdown, Number, Record, RefTo, Text, TextList, Value

PLACE = Record("地点", fields={
    "province": Text("省"), "city": Text("市"), "county": Text("县（区）"),
    "town": Text("乡镇（街道）"), "village": Text("村（社区）"),
})

SOURCE = Record("来源", many=True, show="none", fields={
    "doc": Text("原始文件", required=True), "article": Text("文章", required=True),
    "place": Text("地方"), "note": Text("位置说明"),
})

TARGET = Record("工作指标", many=True, show="section", fields={
    "what": Text("指标", required=True), "value": Value("目标值"), "unit": Text("单位"),
    "by": Date("达成时间"), "note": Text("说明"),
}, columns=(("what",), ("value", "unit"), ("by",), ("note",)))

LEVELS_POLICY = ("国家", "省级", "市级", "县级", "乡镇", "其他")
LEVELS_UNIT = ("国家", "省级", "市级", "县级", "乡镇", "村级", "其他")


def _themes(required: bool = True) -> RefTo:
    return RefTo("主题", required=required, kind="theme", inverse="")


@dataclass
class FieldNames(TextList):
    """Names of fields of the entry's own kind (which of its facts are editorial)."""

    allowed: tuple = ()

    def check(self, value, ctx):
        names = super().check(value, ctx)
        if names is None:
            return None
        unknown = [n for n in names if n not in self.allowed]
        if unknown:
            ctx.error(f"没有字段 {'、'.join(f'`{n}`' for n in unknown)}。",
                      f"只能列出本条目类型的字段名：{'、'.join(f'`{n}`' for n in self.allowed)}。")
        return [n for n in names if n in self.allowed] or None


EDITORIAL = ("inferred", "editor_note")  # common fields that say which facts are the editors', not the source's


def common_fields() -> dict[str, FieldType]:
    return {
        "tags": TextList("标签", item=Text("", max_length=40)),
        "related": AnyRef("相关条目", show="none", inverse="相关条目"),
        "source": SOURCE,
        "visibility": Choice("可见范围", show="none", choices=("public", "internal")),
        "inferred": FieldNames("推定字段", show="none", item=Text("", max_length=40)),
        "editor_note": Text("编者注", show="none", max_length=300),
        "status": Choice("审核状态", show="none", choices=("draft", "published")),  # draft: never built
    }


@dataclass
class Kind:
    name: str            # used in references: measure:some-id
    plural: str          # top-level key in YAML files
    label: str           # Chinese name
    title_field: str
    fields: dict[str, FieldType]
    summary_field: str = "summary"
    group_by: str = "themes"  # how the kind index page groups entries
    url_dir: str = ""
    icon: str = ""
    derived: dict = field(default_factory=dict)  # field → function(entry) filling it when absent
    roles: Mapping[str, int] | Iterable[str] = ()  # see the module docstring; a mapping gives positions
    ledger: str = ""  # name of its CSV/Excel download (exports/<plural>.csv); none when empty
    sheet_headers: dict = field(default_factory=dict)  # field → ledger column header instead of its label
    list_note: Callable | None = None  # entry → text after its link in lists (e.g. 学时)

    def __post_init__(self):
        self.url_dir = self.url_dir or self.name
        self.roles = dict(self.roles) if isinstance(self.roles, Mapping) else dict.fromkeys(self.roles, 0)
        self.fields = {**self.fields, **common_fields()}
        self.fields["inferred"].allowed = tuple(n for n in self.fields if n not in EDITORIAL)

    def __reduce__(self):
        # entries checked in a worker process come back pointing at this process's kinds
        return (kind_named, (self.name,))


KINDS: dict[str, Kind] = {}
BY_PLURAL: dict[str, Kind] = {}  # top-level YAML key → kind; kept in step with KINDS by register()
THEME = "theme"  # the kind whose entries are the theme hubs every `themes` field points to
_generation = [0]


def kind_named(name: str) -> Kind:
    return KINDS[name]


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    BY_PLURAL.clear()
    BY_PLURAL.update((k.plural, k) for k in KINDS.values())
    _generation[0] += 1
    return kind


def generation() -> int:
    """Changes whenever a kind is registered (for caches of lists derived from KINDS)."""
    return _generation[0]


def kinds_with(role: str) -> list[Kind]:
    """The kinds playing a role, by the role's number, then in registration order."""
    return list(_kinds_with(role, generation()))


@lru_cache(maxsize=64)
def _kinds_with(role: str, _generation: int) -> tuple[Kind, ...]:
    order = {name: i for i, name in enumerate(KINDS)}
    return tuple(sorted((k for k in KINDS.values() if role in k.roles), key=lambda k: (k.roles[role], order[k.name])))


def names_with(role: str) -> tuple[str, ...]:
    return tuple(k.name for k in kinds_with(role))


register(Kind("theme", "themes", "主题", "name", {
    "name": Text("名称", required=True, max_length=40, show="none"),
    "summary": Text("概述", required=True, show="summary"),
    "parent": RefTo("上级主题", kind="theme", single=True, show="none"),
    "order": Integer("排序", minimum=-1000, maximum=1000, show="none"),
    "body": Markdown("导读", show="section"),
}, group_by="parent", roles={"enum": 0, "tally": 1, "words": 0}, icon="material/shape-outline"))

register(Kind("measure", "measures", "工作措施", "title", {
    "title": Text("标题", required=True, max_length=100, show="none"),
    "themes": _themes(),
    "summary": Text("概述", required=True, show="summary"),
    "place": PLACE,
    "lead": RefTo("牵头单位", kind="unit", inverse="牵头的工作措施"),
    "partners": RefTo("责任单位", kind="unit", inverse="参与的工作措施"),
    "phase": Text("阶段", max_length=100),
    "deadline": Date("完成时限"),
    "basis": RefTo("政策依据", kind="policy", inverse="依据本文件的工作措施"),
    "body": Markdown("具体做法", show="section"),
    "targets": TARGET,
}, roles=("hub", "chart", "inlined"), ledger="工作措施台账",
   sheet_headers={"title": "任务/措施", "targets": "目标"}, icon="material/clipboard-check-outline"))

register(Kind("case", "cases", "典型案例", "title", {
    "title": Text("标题", required=True, max_length=100, show="none"),
    "themes": _themes(),
    "summary": Text("概述", required=True, show="summary"),
    "place": PLACE,
    "year": Integer("年份", minimum=1949, maximum=2100),
    "measures": RefTo("体现的工作措施", kind="measure", inverse="相关典型案例"),
    "practice": Markdown("主要做法", required=True, show="section"),
    "results": Markdown("工作成效", show="section"),
    "lessons": Markdown("经验启示", show="section"),
}, roles=("hub", "chart", "coverage", "inlined"), icon="material/lightbulb-on-outline"))

register(Kind("module", "modules", "培训模块", "title", {
    "title": Text("标题", required=True, max_length=100, show="none"),
    "themes": _themes(),
    "summary": Text("概述", show="summary"),
    "audience": TextList("培训对象", required=True, item=Text("", max_length=60)),
    "hours": Number("学时", required=True),
    "objectives": TextList("培训目标", required=True, show="section"),
    "outline": TextList("内容提纲", show="section"),
    "methods": TextList("教学方法", item=Text("", max_length=60)),
    "readings": AnyRef("必读条目", show="section", inverse="作为必读的培训模块"),
    "exercises": TextList("练习与考核", show="section"),
    "body": Markdown("补充说明", show="section"),
}, roles={"hub": 0, "chart": 0, "coverage": 1}, list_note=lambda e: f"（{e.data['hours']:g} 学时）",
   icon="material/school-outline"))

register(Kind("qa", "qa", "问答", "question", {
    "question": Text("问题", required=True, max_length=200, show="none"),
    "themes": _themes(),
    "answer": Markdown("回答", required=True, show="section"),
    "basis": RefTo("依据", kind="policy", inverse="依据本文件的问答"),
}, summary_field="", roles=("hub", "chart", "coverage", "inlined"), ledger="问答",
   icon="material/chat-question-outline"))

register(Kind("course", "courses", "培训课程", "title", {
    "title": Text("标题", required=True, max_length=100, show="none"),
    "summary": Text("概述", show="summary"),
    "themes": _themes(required=False),
    "audience": TextList("培训对象", required=True, item=Text("", max_length=60)),
    "required": RefTo("必修模块", required=True, kind="module", show="none", inverse="必修模块所在课程"),
    "electives": RefTo("选修模块", kind="module", show="none", inverse="选修模块所在课程"),
    "prerequisites": RefTo("先修课程", kind="course", inverse="以本课程为先修的课程"),
    "assessment": TextList("考核方式", show="section"),
    "body": Markdown("说明", show="section"),
}, group_by="audience", icon="material/book-education-outline"))

register(Kind("policy", "policies", "政策文件", "title", {
    "title": Text("标题", required=True, max_length=200, show="none"),
    "summary": Text("概述", show="summary"),
    "number": Text("文号", max_length=60),
    "issuer": Text("发文机关", max_length=200),
    "date": Date("发布日期"),
    "level": Choice("层级", choices=LEVELS_POLICY),
    "themes": _themes(required=False),
    "body": Markdown("要点", show="section"),
}, group_by="level", roles=("hub",), icon="material/file-document-outline"))

register(Kind("unit", "units", "单位", "name", {
    "name": Text("名称", required=True, max_length=60, show="none"),
    "summary": Text("职责", show="summary"),
    "level": Choice("层级", choices=LEVELS_UNIT),
    "parent": RefTo("上级单位", kind="unit", single=True, inverse="下属单位"),
    "aliases": TextList("又称", item=Text("", max_length=60)),
    "themes": _themes(required=False),
}, group_by="level", roles={"enum": 0, "tally": 0, "words": 1}, icon="material/office-building-outline"))

register(Kind("glossary", "glossary", "术语", "term", {
    "term": Text("术语", required=True, max_length=40, show="none"),
    "definition": Text("释义", required=True, max_length=200, show="summary"),
    "pinyin": Text("拼音", max_length=200),
    "aliases": TextList("又称", item=Text("", max_length=40)),
    "themes": _themes(required=False),
    "body": Markdown("说明", show="section"),
}, summary_field="definition", group_by="initial", roles=("terms",), icon="material/alphabetical-variant",
   derived={"pinyin": lambda entry: pinyin.with_tones(entry.title)}))
