extension IndicatorCatalog {
    /// The catalogue the server uses until `huibao-server catalog load FILE` replaces it: the
    /// indicators that recur in 党风廉政 and 党建 reports.
    public static let standard: IndicatorCatalog = {
        do {
            return try IndicatorCatalog(parsing: standardText, source: "standard catalogue")
        } catch {
            preconditionFailure("the standard catalogue must parse: \(error)")
        }
    }()

    static let standardText = """
        # id | name | unit | label words
        talks | 廉政约谈 | 次 | 廉政约谈, 集体廉政约谈
        warning-talks | 警示提醒约谈 | 人 | 警示提醒约谈, 警示约谈
        admonitions | 诫勉谈话 | 人 | 诫勉谈话
        reminder-talks | 提示性谈话 | 人 | 提示性谈话, 谈话提醒
        individual-talks | 个别谈话 | 人次 | 个别谈话
        study | 集体学习 | 次 | 集体学习, !廉政, !中心组
        group-study | 理论学习中心组学习 | 次 | 中心组学习
        integrity-study | 廉政学习 | 次 | 廉政学习
        lectures | 讲党课 | 期 | 讲党课
        lecture-attendance | 讲党课人次 | 人次 | 讲党课
        special-meetings | 专题会议 | 次 | 专题会议
        forums | 座谈会 | 次 | 座谈会
        inspections | 督查 | 次 | 督查
        clues | 问题线索 | 件 | 问题线索
        cases-filed | 立案 | 起 | 立案
        cases-closed | 查办了结 | 起 | 查办了结, 结案
        activities | 专题活动 | 期 | 专题活动
        articles | 发表文章 | 篇 | 文章
        questionnaires | 征求意见表 | 份 | 征求意见, 问卷
        warning-education | 警示教育 | 次 | 警示教育
        """
}
