"""Import a Chinese government plan (实施方案/工作方案) from Word, WPS or text into draft entries.

reading  → paragraphs of a .docx/.doc/.wps/.txt/.md file, cleaned;
outline  → numbered headings and items (一、/（一）/1./（1）/①), headings glued to text split off;
sections → what each part of the plan is (指导思想, 主要任务, 实施步骤 …);
notes    → annotations (牵头单位/责任单位/完成时限 …), deadlines, date ranges, targets;
plan     → the recognised plan: title, 文号, issuer, task items, phases, skipped lines;
emit     → draft `policy`, `measure` and `unit` entries, YAML text.
Nothing here knows MkDocs.
"""
