import Mustache

/// The dashboard's Mustache templates. `{{name}}` escapes HTML (report text is user input);
/// no template uses the unescaped `{{{name}}}` form.
enum DashboardTemplates {
    /// The templates, parsed once.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        do {
            for (name, text) in all { try library.register(text, named: name) }
        } catch {
            preconditionFailure("dashboard template does not parse: \(error)")
        }
        return library
    }()

    static let all: [(String, String)] = [
        ("header", header), ("footer", footer), ("login", login), ("status", status), ("report", report),
        ("totals", totals), ("conflicts", conflicts), ("message", message),
    ]

    static let header = """
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · 汇报 Huibao</title>
        <style>
        body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif; margin: 0; color: #1d2330; }
        header { background: #8c1d18; color: #fff; padding: .6em 1.2em; display: flex; gap: 1.5em; align-items: baseline; }
        header a { color: #fff; } header strong { font-size: 1.2em; }
        main { padding: 1em 1.2em; max-width: 78em; }
        table { border-collapse: collapse; margin: .6em 0; } th, td { border: 1px solid #c9ced8; padding: .3em .6em; vertical-align: top; }
        th { background: #eef0f4; text-align: left; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
        .state { font-weight: bold; padding: .1em .4em; border-radius: .3em; }
        .approved { background: #d6f0d8; color: #135e1c; } .submitted { background: #dce8fb; color: #143f82; }
        .returned { background: #fde2cf; color: #8a3d06; } .draft { background: #eee; color: #444; }
        .not-started { background: #f9d6d6; color: #8c1d18; } .changed { color: #8a3d06; }
        mark.metric { background: #fff1a8; padding: 0 .1em; } mark.missing { background: #f9d6d6; } mark.conflict { background: #ffb3a8; }
        pre.report { white-space: pre-wrap; line-height: 1.7; font-family: inherit; background: #fafbfc; padding: 1em; border: 1px solid #e1e4ea; }
        .diff-removed { color: #8c1d18; } .diff-added { color: #135e1c; } .note { color: #5b6475; font-size: .9em; }
        </style></head><body>
        <header><strong>汇报 Huibao</strong>{{#hq}}<span>{{hq}}</span><a href="/dashboard/status">报送情况</a><a href="/dashboard/conflicts">冲突</a>
        <form method="post" action="/dashboard/logout" style="margin-left:auto"><button>退出</button></form>{{/hq}}</header>
        <main>
        """

    static let footer = """
        </main></body></html>
        """

    static let login = """
        {{> header}}
        <h1>汇总单位登录</h1>
        {{#error}}<p class="state not-started">{{error}}</p>{{/error}}
        <form method="post" action="/dashboard/login">
        <label>令牌 <input name="token" type="password" size="70" autofocus></label>
        <button>登录</button>
        </form>
        <p class="note">汇总单位的令牌，由 <code>huibao-server unit add 单位名称 --hq</code> 生成；也可用 <code>huibao hq dashboard</code> 打印的一次性登录链接。</p>
        {{> footer}}
        """

    static let status = """
        {{> header}}
        <h1>报送情况</h1>
        {{^columns}}<p>尚无报告，也未设定应报期次（<code>huibao-server expect 期次 --kind 类别</code>）。</p>{{/columns}}
        {{#hasColumns}}
        <table id="status">
        <thead><tr><th>单位</th>{{#columns}}<th><a href="{{totals}}">{{period}} {{kind}}</a></th>{{/columns}}</tr></thead>
        <tbody>
        {{#rows}}<tr><td>{{indent}}{{unit}}</td>{{#cells}}<td>{{#present}}{{#link}}<a class="state {{css}}" href="{{link}}">{{label}}</a>{{/link}}{{^link}}<span class="state {{css}}">{{label}}</span>{{/link}}{{#changed}} <span class="changed">（审核后已修改）</span>{{/changed}}{{#contested}} <span class="changed">（并发操作）</span>{{/contested}}{{/present}}</td>{{/cells}}</tr>
        {{/rows}}
        </tbody></table>
        {{/hasColumns}}
        <p class="note">共 {{unitCount}} 个单位。状态说明：<span class="state approved">已审核</span> · <span class="state submitted">已报送</span> · <span class="state returned">已退回</span> · <span class="state draft">草稿</span> · <span class="state not-started">未报送</span>；“审核后已修改”表示审核通过后报告又有改动，合计仍只计入审核时的数值。</p>
        {{> footer}}
        """

    static let report = """
        {{> header}}
        <h1>{{unit}} · {{period}} {{kind}}</h1>
        <p>状态：<span class="state {{css}}">{{summary}}</span></p>
        {{#hasSteps}}<table><tr><th>步骤</th><th>单位</th><th>时间</th><th>版本</th><th>意见</th></tr>
        {{#steps}}<tr><td>{{kind}}</td><td>{{unit}}</td><td>{{time}}</td><td><code>{{heads}}</code></td><td>{{comment}}</td></tr>{{/steps}}
        </table>{{/hasSteps}}
        {{#reviewable}}<form method="post" action="/dashboard/review">
        <input type="hidden" name="unit" value="{{unit}}"><input type="hidden" name="period" value="{{period}}">
        <input type="hidden" name="kind" value="{{kind}}">
        <button name="step" value="approve">审核通过</button>
        <label>意见 <input name="comment" size="40"></label><button name="step" value="return">退回修改</button>
        </form>{{/reviewable}}
        {{#hasDiff}}<h2>审核（或报送、退回）后的修改</h2><pre class="report">{{#diff}}<span class="{{css}}">{{sign}}{{text}}{{#marks}}{{#del}}<del class="diff-removed">{{text}}</del>{{/del}}{{#ins}}<ins class="diff-added">{{text}}</ins>{{/ins}}{{^del}}{{^ins}}{{text}}{{/ins}}{{/del}}{{/marks}}</span>
        {{/diff}}</pre>{{/hasDiff}}
        <h2>正文</h2>
        <pre class="report" id="report-text">{{#pieces}}{{#metric}}<mark class="{{css}}" title="{{title}}">{{text}}</mark>{{/metric}}{{^metric}}{{text}}{{/metric}}{{/pieces}}</pre>
        <h2>历史</h2>
        <table><tr><th>#</th><th>变更</th><th>作者</th><th>时间</th><th>操作数</th></tr>
        {{#history}}<tr><td class="number">{{index}}</td><td><code>{{hash}}</code></td><td><code>{{author}}</code></td><td>{{time}}</td><td class="number">{{operations}}</td></tr>{{/history}}
        </table>
        {{> footer}}
        """

    static let totals = """
        {{> header}}
        <h1>{{period}} {{kind}} · 指标合计</h1>
        <p>下载：<a href="{{export}}md">Markdown</a> ·
        <a href="{{export}}txt">文本</a> ·
        <a href="{{export}}csv">CSV</a> ·
        <a href="{{export}}json">JSON</a> ·
        <a href="{{export}}docx">下载 Word</a></p>
        <p class="note">仅汇总已审核报告的数值；缺失、冲突、未审核和计量不符的数值不计入合计，列在各项指标的明细中。合计为“缺失”表示该指标只有未填写的数值。</p>
        <table id="totals"><thead><tr><th>指标</th><th>计量</th><th>合计</th><th>计入</th><th>缺失</th><th>冲突</th><th>未审核</th><th>计量不符</th></tr></thead>
        <tbody>{{#totals}}<tr><td>{{name}}</td><td>{{unit}}</td><td class="number total" data-indicator="{{id}}">{{total}}</td><td class="number">{{counted}}</td><td class="number">{{missing}}</td><td class="number">{{conflicted}}</td><td class="number">{{unapproved}}</td><td class="number">{{mismatched}}</td></tr>
        {{/totals}}</tbody></table>
        {{#totals}}<details><summary>{{name}}：{{totalWithUnit}}</summary>
        {{#hasSubtotals}}<p>小计：{{#subtotals}}{{unit}} {{total}}；{{/subtotals}}</p>{{/hasSubtotals}}
        <table><tr><th>状态</th><th>单位</th><th>值</th><th>出处</th></tr>
        {{#items}}<tr><td>{{status}}</td><td><a href="{{link}}">{{unit}}</a></td><td class="number">{{value}}</td><td>{{provenance}}</td></tr>{{/items}}
        </table></details>
        {{/totals}}
        {{> footer}}
        """

    static let conflicts = """
        {{> header}}
        <h1>需要处理的冲突</h1>
        {{^reports}}<p>没有需要处理的冲突。</p>{{/reports}}
        {{#reports}}<h2><a href="{{link}}">{{name}}</a></h2>
        {{#hasVersions}}<div class="conflict"><p>本报告有 {{versionCount}} 个不同的初始版本（两位经办人分别导入了不同的文件），请保留其中一个：</p>
        <form method="post" action="/dashboard/keep">
        <input type="hidden" name="unit" value="{{unit}}"><input type="hidden" name="period" value="{{period}}">
        <input type="hidden" name="kind" value="{{kind}}">
        {{#versions}}<p><button name="version" value="{{id}}">保留</button> “{{title}}” <span class="note">（{{characters}} 字，{{metrics}} 个数字）</span></p>{{/versions}}
        </form></div>{{/hasVersions}}
        {{#metrics}}<div class="conflict"><p>第 {{line}} 行 {{label}}：“{{sentence}}”</p>
        <form method="post" action="/dashboard/resolve">
        <input type="hidden" name="unit" value="{{unit}}"><input type="hidden" name="period" value="{{period}}">
        <input type="hidden" name="kind" value="{{kind}}"><input type="hidden" name="metric" value="{{id}}">
        {{#sides}}<button name="value" value="{{value}}">保留 {{value}}</button> <span class="note">（{{author}}，{{time}}）</span> {{/sides}}
        <label>或填写 <input name="other" size="6"></label><button name="value" value="">保存</button>
        </form></div>{{/metrics}}
        {{#texts}}<div class="conflict"><p>第 {{line}} 行 {{what}}：现为“{{merged}}”</p><ul>
        {{#sides}}<li>{{author}}，{{time}}：{{#inserted}}插入“{{inserted}}” {{/inserted}}{{#deleted}}删除“{{deleted}}”{{/deleted}}</li>{{/sides}}</ul>
        <form method="post" action="/dashboard/accept">
        <input type="hidden" name="unit" value="{{unit}}"><input type="hidden" name="period" value="{{period}}">
        <input type="hidden" name="kind" value="{{kind}}"><input type="hidden" name="id" value="{{id}}">
        <button>确认合并后的文字</button></form></div>{{/texts}}
        {{#hasSteps}}<p>并发的工作流步骤：{{#steps}}{{kind}}（{{unit}}，{{time}}）{{comment}}；{{/steps}}
        请在 <code>huibao hq approve</code> / <code>huibao hq return</code> 中决定。</p>{{/hasSteps}}
        {{/reports}}
        {{> footer}}
        """

    static let message = """
        {{> header}}
        <h1>{{heading}}</h1><p>{{text}}</p><p><a href="{{back}}">返回</a></p>
        {{> footer}}
        """
}
