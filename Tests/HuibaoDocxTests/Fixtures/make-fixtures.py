#!/usr/bin/env python3
"""Makes the Word fixtures of HuibaoDocxTests with LibreOffice (see README.md beside this file).

Usage: python3 make-fixtures.py [SAMPLES_DIR]   (default: ../../../../shared/samples)

Each fixture is written as a flat OpenDocument text (.fodt) with real automatic numbering (a list
style: level 1 "一、", level 2 "（一）", level 3 "1."), then converted by
`soffice --headless --convert-to docx`. Nothing in the .docx files is written by this script.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../../shared/samples")

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Standard" style:family="paragraph">
  <style:text-properties style:font-name-asian="FangSong" fo:font-size="16pt" style:font-size-asian="16pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="22pt" style:font-size-asian="22pt"/>
 </style:style>
 <text:list-style style:name="L1">
  <text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
  <text:list-level-style-number text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"/>
  <text:list-level-style-number text:level="3" style:num-format="1" style:num-suffix="."/>
 </text:list-style>
 <text:list-style style:name="L2">
  <text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
  <text:list-level-style-number text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"/>
  <text:list-level-style-number text:level="3" style:num-format="1" style:num-suffix="."/>
 </text:list-style>
 <text:list-style style:name="L3">
  <text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
  <text:list-level-style-number text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"/>
  <text:list-level-style-number text:level="3" style:num-format="1" style:num-suffix="."/>
 </text:list-style>
 <text:list-style style:name="L4">
  <text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
  <text:list-level-style-number text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"/>
  <text:list-level-style-number text:level="3" style:num-format="1" style:num-suffix="."/>
 </text:list-style>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="3.7cm"
   fo:margin-bottom="3.5cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/>
  <style:header-style/><style:footer-style/>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:header><text:p>内部资料 注意保存</text:p></style:header>
  <style:footer><text:p>— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""
TAIL = "</office:text></office:body></office:document>\n"

PART = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
SECTION = re.compile(r"^（([一二三四五六七八九十]+)）(.*)$")
SUBPOINT = re.compile(r"^([0-9]+)\.(.*)$")
NUMERALS = "一二三四五六七八九十"


def listed(level, content):
    """One paragraph of list L1 at `level` (1-based), continuing the document's numbering: nested
    list items, as LibreOffice writes a paragraph of a lower list level."""
    item = f"<text:list-item><text:p>{content}</text:p></text:list-item>"
    for _ in range(level - 1):
        item = f"<text:list-item><text:list>{item}</text:list></text:list-item>"
    return f'<text:list text:style-name="L1" text:continue-numbering="true">{item}</text:list>\n'


class Counters:
    """Checks that a typed number is what automatic numbering will print there."""

    def __init__(self):
        self.levels = [0, 0, 0]

    def next(self, level, typed):
        self.levels[level - 1] += 1
        for deeper in range(level, 3):
            self.levels[deeper] = 0
        number = self.levels[level - 1]
        expected = str(number) if level == 3 else NUMERALS[number - 1]
        if typed != expected:
            sys.exit(f"numbering {typed} is not the automatic {expected}: fix the generator")


def body(lines, title=False):
    """The .fodt body of a report's lines: parts, sections and sub-points become list paragraphs."""
    out = []
    counters = Counters()
    for index, line in enumerate(lines):
        if index == 0 and title:
            out.append(f'<text:p text:style-name="Title">{escape(line)}</text:p>\n')
        elif m := PART.match(line):
            counters.next(1, m.group(1))
            out.append(listed(1, escape(m.group(2))))
        elif m := SECTION.match(line):
            counters.next(2, m.group(1))
            out.append(listed(2, escape(m.group(2))))
        elif m := SUBPOINT.match(line):
            counters.next(3, m.group(1))
            out.append(listed(3, escape(m.group(2))))
        else:
            out.append(f"<text:p>{escape(line)}</text:p>\n")
    return "".join(out)


def convert(work, name, fodt, target="docx"):
    path = os.path.join(work, name + ".fodt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(fodt)
    profile = "file://" + os.path.join(work, "profile")
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", target, "--outdir", work, path],
        check=True, stdout=subprocess.DEVNULL)
    return os.path.join(work, name + "." + target.split(":")[0])


TABLE_REPORT = """<text:p text:style-name="Title">某局2023年上半年党风廉政建设工作汇报</text:p>
<text:p>根据要求，现将有关情况汇报如下：</text:p>
LIST1 主要工作
LIST2 廉政教育
<text:p>开展廉政约谈3次，<text:change text:change-id="del1"/>警示教育28次。<text:change-start text:change-id="ins1"/>参与人数501人。<text:change-end text:change-id="ins1"/></text:p>
<table:table table:name="指标"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>项目</text:p></table:table-cell><table:table-cell><text:p>数量</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>廉政约谈</text:p></table:table-cell><table:table-cell><text:p>3次</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>谈话提醒</text:p></table:table-cell><table:table-cell><text:p>12人次</text:p></table:table-cell></table:table-row>
</table:table>
LIST2 制度建设
LIST3 修订制度5项。
LIST3 新建<office:annotation><dc:creator>审核人</dc:creator><text:p>请核实数量</text:p></office:annotation>党员活动室2个。
LIST1 存在问题
<text:p>学习不够深入。<text:line-break/>创新不足。</text:p>
"""

TRACKED = """<text:tracked-changes>
 <text:changed-region xml:id="del1" text:id="del1"><text:deletion><office:change-info><dc:creator>张三</dc:creator><dc:date>2023-07-01T10:00:00</dc:date></office:change-info><text:p>组织廉政学习5次，</text:p></text:deletion></text:changed-region>
 <text:changed-region xml:id="ins1" text:id="ins1"><text:insertion><office:change-info><dc:creator>张三</dc:creator><dc:date>2023-07-01T10:01:00</dc:date></office:change-info></text:insertion></text:changed-region>
</text:tracked-changes>
"""


def table_report():
    out = []
    for line in TABLE_REPORT.splitlines():
        if line.startswith("LIST"):
            out.append(listed(int(line[4]), line[6:]))
        else:
            out.append(line + "\n")
    return TRACKED + "".join(out)


def main():
    work = tempfile.mkdtemp(prefix="huibao-fixtures-")
    try:
        for number in ("000", "001", "002"):
            with open(os.path.join(SAMPLES, f"report-{number}.txt"), encoding="utf-8") as f:
                lines = f.read().split("\n")
            if lines[-1] == "":
                lines.pop()
            made = convert(work, f"report-{number}", HEAD + body(lines, title=(number == "002")) + TAIL)
            shutil.copy(made, os.path.join(HERE, f"report-{number}.docx"))
        # The benchmark's document: the samples one after the other (000, 001, 002, 000: about
        # 11,000 characters), each report's headings a list of its own (L1..L4) so that each
        # starts again at 一、.
        bench = []
        for style, number in zip(["L1", "L2", "L3", "L4"], ["000", "001", "002", "000"]):
            with open(os.path.join(SAMPLES, f"report-{number}.txt"), encoding="utf-8") as f:
                lines = f.read().split("\n")
            if lines[-1] == "":
                lines.pop()
            bench.append(body(lines, title=(number == "002")).replace('text:style-name="L1"', f'text:style-name="{style}"'))
        made = convert(work, "bench-10k", HEAD + "".join(bench) + TAIL)
        shutil.copy(made, os.path.join(HERE, "bench-10k.docx"))
        made = convert(work, "table-revisions", HEAD + table_report() + TAIL)
        shutil.copy(made, os.path.join(HERE, "table-revisions.docx"))
        # The same document as Word 97-2003 (.doc), read back through soffice by DocxReader.
        made = convert(work, "table-revisions", HEAD + table_report() + TAIL, target="doc")
        shutil.copy(made, os.path.join(HERE, "table-revisions.doc"))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
