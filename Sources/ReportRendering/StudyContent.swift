// Turns one study's RankStats results into the values its tables and figures draw: the summary table
// (mean ± sd), the rank summary for the Friedman graph and CD diagram, the pair table, the bar charts
// and the training-curve panels.
import Foundation
import TableFormat
import RankStats
import RunRecords

struct StudyContent {
    var study: Study
    var options: ReportOptions
    var names: DisplayNames
    var records: [RunRecord]

    var observations: [Observation] { study.results.observations }

    static func metricLabel(_ metric: String) -> String {
        switch metric {
        case StandardMetric.top1: return "top-1 (%)"
        case StandardMetric.top5: return "top-5 (%)"
        case StandardMetric.testLoss: return "test loss"
        default: return metric
        }
    }

    func lowerIsBetter(_ metric: String) -> Bool {
        metric == options.metric ? (options.lowerIsBetter ?? StandardMetric.lowerIsBetter.contains(metric))
            : StandardMetric.lowerIsBetter.contains(metric)
    }

    var pairs: [ModelPair] { study.pairs }

    /// When a baseline has several variants (its designs), each paired model's design series (0 = the
    /// baseline's design) and the designs in legend order; nil for the paper's one-twin pairs.
    var designSeries: (index: [String: Int], names: [String])? {
        let perBaseline = Dictionary(grouping: pairs, by: \.baseline)
        guard perBaseline.values.contains(where: { $0.count > 1 }) else { return nil }
        let present = Set(study.models)
        var names: [String] = [], index: [String: Int] = [:]
        for model in study.models where role(model) != .unpaired {
            let design = DesignRanking.classify(model, records: records, among: present).design
            if !names.contains(design) { names.append(design) }
            index[model] = names.firstIndex(of: design)!
        }
        return (index, names)
    }

    func role(_ model: String) -> PairRole {
        if pairs.contains(where: { $0.baseline == model }) { return .baseline }
        if pairs.contains(where: { $0.variant == model }) { return .variant }
        return .unpaired
    }

    var description: String {
        let seeds = study.seeds
        let seedText = seeds.isEmpty
            ? "no seeds (one value per model and dataset)"
            : "\(seeds.count) seed(s) (\(seeds.map(String.init).joined(separator: ", ")))"
        var text = "\(study.models.count) models on \(study.datasets.count) dataset(s) (\(study.datasets.joined(separator: ", "))), "
            + "\(seedText). Source: \(study.origin)."
        if let analysis = study.analysis {
            text += " Rank analysis on \(options.metric) with blocks formed by "
                + "\(options.blocks.map(\.rawValue).sorted().joined(separator: " × ")): N = \(analysis.table.blocks.count) blocks."
            if !analysis.table.droppedBlocks.isEmpty {
                text += " Dropped incomplete blocks: \(analysis.table.droppedBlocks.joined(separator: ", "))."
            }
        }
        return text
    }

    // MARK: Summary table

    func summaryTable() throws -> TableSpec {
        let present = Set(observations.map(\.metric))
        var metrics = [StandardMetric.top1, StandardMetric.top5].filter(present.contains)
        if present.contains(options.metric) && !metrics.contains(options.metric) { metrics.insert(options.metric, at: 0) }
        if metrics.isEmpty { metrics = study.results.metrics }
        let summaries = ErrorBars.summarize(observations)
        struct Key: Hashable { var model, dataset, metric: String }
        var seeded: [Key: ErrorBarSummary] = [:]
        for s in summaries { seeded[Key(model: s.model, dataset: s.dataset, metric: s.metric)] = s }
        var single: [Key: Double] = [:]
        for o in observations where o.seed == nil { single[Key(model: o.model, dataset: o.dataset, metric: o.metric)] = o.value }

        var columns = ["Model"]
        var columnKeys: [(String, String)] = []
        for dataset in study.datasets {
            for metric in metrics where observations.contains(where: { $0.dataset == dataset && $0.metric == metric }) {
                columns.append("\(dataset)\n\(StudyContent.metricLabel(metric))")
                columnKeys.append((dataset, metric))
            }
        }
        // Cells as printed; the best per column is the best printed mean (ties all marked).
        var texts: [[String]] = []
        var means: [[Double?]] = []
        var anySpread = false
        for model in study.models {
            var rowTexts: [String] = []
            var rowMeans: [Double?] = []
            for (dataset, metric) in columnKeys {
                let key = Key(model: model, dataset: dataset, metric: metric)
                if let s = seeded[key] {
                    if let sd = s.standardDeviation {
                        anySpread = true
                        rowTexts.append("\(Format.fixed(s.mean, 2)) ± \(Format.fixed(sd, 2))")
                    } else {
                        rowTexts.append(Format.fixed(s.mean, 2))
                    }
                    rowMeans.append(s.mean)
                } else if let v = single[key] {
                    rowTexts.append(Format.fixed(v, 2))
                    rowMeans.append(v)
                } else {
                    rowTexts.append("–")
                    rowMeans.append(nil)
                }
            }
            texts.append(rowTexts)
            means.append(rowMeans)
        }
        var rows: [[TableCell]] = study.models.map { [TableCell(names[$0])] }
        for c in columnKeys.indices {
            let values = means.compactMap { $0[c] }.map { Format.fixed($0, 2) }.compactMap(Double.init)
            let best = lowerIsBetter(columnKeys[c].1) ? values.min() : values.max()
            for r in study.models.indices {
                let printed = means[r][c].map { Double(Format.fixed($0, 2))! }
                rows[r].append(TableCell(texts[r][c], bold: printed != nil && printed == best))
            }
        }
        let spread = anySpread
            ? "Mean ± sample standard deviation over seeds (RankStats error bars)."
            : "One value per model and dataset."
        return TableSpec(
            title: "\(study.title): mean per model and dataset", slug: "\(study.slug)-summary", columns: columns, rows: rows,
            notes: [spread, "Bold: best per column (as printed)."])
    }

    // MARK: Rank analysis

    func rankSummary(_ a: RankAnalysis) -> RankSummary {
        RankSummary(
            models: a.models.indices.map { RankedModel(name: names[a.models[$0]], averageRank: a.averageRanks[$0], role: role(a.models[$0])) },
            criticalDifference: a.nemenyi.criticalDifference, alpha: a.alpha, qAlpha: a.nemenyi.qAlpha,
            blockCount: a.table.blocks.count,
            groups: a.nemenyi.groupMembers.map { $0.map { names[a.models[$0]] } })
    }

    func friedmanParagraph(_ a: RankAnalysis) -> String {
        let f = a.friedman
        let id = a.imanDavenport
        let k = a.models.count
        let n = a.table.blocks.count
        var text = "Friedman test over N = \(n) blocks and k = \(k) models (\(options.metric), "
            + "\(a.table.lowerIsBetter ? "lower" : "higher") is better): χ²_F = \(Format.fixed(f.statistic, 3)) "
            + "(tie-corrected \(Format.fixed(f.tieCorrectedStatistic, 3))), df = \(f.degreesOfFreedom), \(Format.pPhrase(f.pValue)). "
        if let value = id.f {
            text += "Iman–Davenport F_F = \(Format.fixed(value, 3)) with (\(id.degreesOfFreedom.numerator), "
                + "\(id.degreesOfFreedom.denominator)) degrees of freedom, \(Format.pPhrase(id.pValue)). "
        } else {
            text += "Iman–Davenport F_F is infinite: every block ranks the models identically (\(Format.pPhrase(id.pValue))). "
        }
        text += a.conclusions.modelsDiffer
            ? "At α = \(Format.number(a.alpha)) the hypothesis that all models perform equally is rejected (\(a.conclusions.omnibusReason)). "
            : "At α = \(Format.number(a.alpha)) the hypothesis that all models perform equally is not rejected (\(a.conclusions.omnibusReason)), so the post-hoc test below is only descriptive. "
        text += "Nemenyi: q_α = \(Format.fixed(a.nemenyi.qAlpha, 3)), CD = \(Format.fixed(a.nemenyi.criticalDifference, 3))."
        return text
    }

    /// One sentence for the cover.
    func headline(_ a: RankAnalysis) -> String {
        let id = a.imanDavenport
        let c = a.conclusions
        let fText = id.f.map { "F_F = \(Format.fixed($0, 2))" } ?? "F_F = ∞"
        let decider = c.omnibusTest == .imanDavenport ? "Iman–Davenport decides" : "Friedman decides: F_F = ∞ under perfect agreement"
        var text = "\(study.title): the \(a.models.count) models \(c.modelsDiffer ? "differ" : "do not differ") significantly "
            + "(Iman–Davenport \(fText), \(Format.pPhrase(id.pValue)); Friedman \(Format.pPhrase(a.friedman.pValue)); \(decider)). "
        if pairs.isEmpty {
            text += "No baseline/“s” pairs."
        } else {
            let wilcoxon = c.betterByWilcoxonHolm.isEmpty
                ? (!c.wilcoxonHolmCanReachAlpha
                    ? "none possible (with \(a.table.blocks.count) blocks its smallest p is \(Format.number(c.wilcoxonHolmFloor ?? 0)))" : "none")
                : c.betterByWilcoxonHolm.map { names[$0] }.joined(separator: ", ")
            text += "“s” models significantly better than their baseline by Nemenyi (CD = \(Format.fixed(a.nemenyi.criticalDifference, 3))): "
                + (c.betterByNemenyi.isEmpty ? "none" : c.betterByNemenyi.map { names[$0] }.joined(separator: ", "))
                + "; by Wilcoxon–Holm: " + wilcoxon
                + "; by paired t-test–Holm: " + (c.betterByTTestHolm.isEmpty ? "none" : c.betterByTTestHolm.map { names[$0] }.joined(separator: ", ")) + "."
        }
        return text
    }

    func pairTable(_ a: RankAnalysis) -> TableSpec? {
        guard !a.pairs.isEmpty else { return nil }
        let rows: [[TableCell]] = a.pairs.map { p in
            let b = a.models.firstIndex(of: p.baseline)!
            let v = a.models.firstIndex(of: p.variant)!
            let nemenyiP = a.nemenyi.pValues[v][b]
            return [
                TableCell(names[p.baseline]), TableCell(names[p.variant]),
                TableCell(String(format: "%+.3f", p.meanDifference)),
                TableCell("\(p.wins)/\(p.ties)/\(p.losses)"),
                TableCell(Format.pValue(p.wilcoxon.pValue)), TableCell(Format.pValue(p.wilcoxonHolmPValue), bold: p.wilcoxonHolmPValue < a.alpha),
                TableCell(Format.pValue(p.tTest.pValue)), TableCell(Format.pValue(p.tTestHolmPValue), bold: p.tTestHolmPValue < a.alpha),
                TableCell(Format.pValue(nemenyiP), bold: nemenyiP < a.alpha),
            ]
        }
        return TableSpec(
            title: "\(study.title): baseline vs “s” per pair", slug: "\(study.slug)-pairs",
            columns: ["Baseline", "“s” model", "Mean diff.", "W/T/L", "Wilcoxon p", "Holm", "t-test p", "Holm", "Nemenyi p"],
            alignments: [.left, .left, .right, .center, .right, .right, .right, .right, .right],
            rows: rows,
            notes: [
                "Over the N = \(a.table.blocks.count) blocks of the rank analysis (\(options.metric)). Mean diff. = “s” − baseline; "
                    + "W/T/L: blocks where the “s” model is better / equal / worse. Wilcoxon signed-rank and paired t-test are "
                    + "two-sided; Holm adjusts over the \(a.pairs.count) pairs; Nemenyi p compares the pair's average ranks. "
                    + "Bold: significant at α = \(Format.number(a.alpha)).",
            ], keyColumns: 2)
    }

    // MARK: Histograms

    func errorBarNote(_ counts: [Int]) -> String {
        let lo = counts.min() ?? 0, hi = counts.max() ?? 0
        let over = lo == hi ? "\(lo) seeds" : "\(lo)–\(hi) seeds"
        switch options.errorBar {
        case .sd: return "±1 sample standard deviation over \(over)"
        case .se: return "±1 standard error over \(over)"
        case .ci(let level): return "\(Format.number(level * 100)) % t confidence interval over \(over)"
        }
    }

    /// One bar chart per dataset when the study has repeated seeds.
    func barCharts() throws -> [(String, BarChartData)] {
        guard study.isSeeded else { return [] }
        let summaries = ErrorBars.summarize(observations.filter { $0.metric == options.metric })
        let series = designSeries
        var result: [(String, BarChartData)] = []
        for dataset in study.datasets {
            var byModel: [String: ErrorBarSummary] = [:]
            for s in summaries where s.dataset == dataset { byModel[s.model] = s }
            guard !byModel.isEmpty else { continue }
            func estimate(_ model: String) throws -> BarEstimate? {
                guard let s = byModel[model] else { return nil }
                let interval = try s.interval(options.errorBar)
                return BarEstimate(
                    model: names[model], role: role(model), mean: s.mean, lower: interval?.lower, upper: interval?.upper,
                    series: series?.index[model])
            }
            var groups: [BarGroup] = []
            for model in study.models {
                let variants = pairs.filter { $0.baseline == model }.map(\.variant)
                if !variants.isEmpty {
                    let bars = try ([model] + variants).compactMap(estimate)
                    if !bars.isEmpty { groups.append(BarGroup(label: names[model], bars: bars)) }
                } else if role(model) == .unpaired, let bar = try estimate(model) {
                    groups.append(BarGroup(label: names[model], bars: [bar]))
                }
            }
            guard !groups.isEmpty else { continue }
            result.append((dataset, BarChartData(
                title: "\(dataset): \(StudyContent.metricLabel(options.metric)), mean over seeds",
                valueLabel: StudyContent.metricLabel(options.metric), groups: groups,
                errorBarNote: errorBarNote(byModel.values.map(\.count)), series: series?.names ?? [])))
        }
        return result
    }

    // MARK: Training curves

    struct CurveRow {
        var key: String
        var panels: [CurvePanelData]
    }

    /// Per dataset and pair (or unpaired model): test top-1 and training loss per epoch.
    func curvePanels() -> [CurveRow] {
        let withHistory = records.filter { $0.status == .completed && !($0.history ?? []).isEmpty }
        guard !withHistory.isEmpty else { return [] }
        let series = designSeries
        var rows: [CurveRow] = []
        for dataset in study.datasets {
            let runs = withHistory.filter { $0.dataset == dataset }
            guard !runs.isEmpty else { continue }
            var units: [[String]] = []
            for model in study.models {
                let variants = pairs.filter { $0.baseline == model }.map(\.variant)
                if !variants.isEmpty { units.append([model] + variants) }
                else if role(model) == .unpaired { units.append([model]) }
            }
            for unit in units {
                let series: [(String, CurveSeries?, CurveSeries?)] = unit.map { model in
                    let modelRuns = runs.filter { $0.model == model }
                    var acc = curve(modelRuns, model: model) { $0.testTop1 }, loss = curve(modelRuns, model: model) { $0.trainLoss }
                    acc?.series = series?.index[model]
                    loss?.series = series?.index[model]
                    return (model, acc, loss)
                }
                let acc = series.compactMap(\.1)
                let loss = series.compactMap(\.2)
                guard !acc.isEmpty else { continue }
                let title = unit.count > 2
                    ? "\(dataset): \(names[unit[0]]) and \(unit.count - 1) designs"
                    : "\(dataset): " + unit.map { names[$0] }.joined(separator: " vs ")
                rows.append(CurveRow(key: "\(dataset)-\(unit[0])", panels: [
                    CurvePanelData(title: title, xLabel: "epoch", yLabel: "test top-1 (%)", series: acc),
                    CurvePanelData(title: title, xLabel: "epoch", yLabel: "training loss", series: loss),
                ]))
            }
        }
        return rows
    }

    /// Mean and ±1 sd band per epoch over the runs (seeds) of one model, from RankStats' error bars.
    func curve(_ runs: [RunRecord], model: String, value: (EpochRecord) -> Double) -> CurveSeries? {
        var observations: [Observation] = []
        for run in runs {
            for e in run.history ?? [] where value(e).isFinite {
                observations.append(Observation(
                    model: model, dataset: run.dataset, seed: run.seed, metric: String(e.epoch), value: value(e),
                    source: SourceLocation(file: "history")))
            }
        }
        let summaries = ErrorBars.summarize(observations).sorted { Int($0.metric)! < Int($1.metric)! }
        guard !summaries.isEmpty else { return nil }
        let intervals = summaries.map { try? $0.interval(.sd) }
        let banded = intervals.allSatisfy { $0 != nil }
        return CurveSeries(
            label: names[model] + (runs.count > 1 ? " (\(runs.count) seeds)" : ""), role: role(model),
            x: summaries.map { Double($0.metric)! }, mean: summaries.map(\.mean),
            lower: banded ? intervals.map { $0!.lower } : nil, upper: banded ? intervals.map { $0!.upper } : nil)
    }
}
