// Renders a RankAnalysis as text (headline first, aligned), JSON (the machine interface; keys fixed by
// issue 2), CSV (one row per model), Markdown or LaTeX, and Nemenyi q tables. Returns strings only.
import Foundation
import TableFormat

public enum AnalysisFormat: String, Sendable, CaseIterable {
    case text, json, csv, markdown, latex
}

public enum AnalysisReport {
    public static func render(_ a: RankAnalysis, format: AnalysisFormat) -> String {
        switch format {
        case .text: return text(a)
        case .json: return json(a)
        case .csv: return csv(a)
        case .markdown: return markdown(a)
        case .latex: return latex(a)
        }
    }

    // MARK: Sentences shared by the formats

    /// "8 models × 3 blocks (top1, higher is better)".
    static func shape(_ a: RankAnalysis) -> String {
        let direction = a.table.lowerIsBetter ? "lower is better" : "higher is better"
        return "\(a.models.count) models × \(a.table.blocks.count) blocks (\(a.table.metrics.joined(separator: ", ")), \(direction))"
    }

    /// The headline: the omnibus verdict computed once in `Conclusions`.
    static func verdict(_ a: RankAnalysis) -> String { a.conclusions.sentence }

    static func imanDavenportText(_ a: RankAnalysis) -> String {
        let id = a.imanDavenport
        let df = "df (\(id.degreesOfFreedom.numerator), \(id.degreesOfFreedom.denominator))"
        switch id.statistic {
        case .finite(let f): return "F_F = \(fixed(f, 4)), \(df), p = \(pValue(id.pValue))"
        case .infinitePerfectAgreement:
            return "F_F = ∞ (every block ranks the models identically: perfect agreement), \(df), p = 0"
        }
    }

    static func groupNames(_ a: RankAnalysis) -> [[String]] {
        a.nemenyi.groupMembers.map { $0.map { a.models[$0] } }
    }

    // MARK: Text

    static func text(_ a: RankAnalysis) -> String {
        var out: [String] = []
        out.append("Friedman test on \(shape(a)): \(verdict(a))")
        out.append("  χ²_F = \(fixed(a.friedman.statistic, 4)) (tie-corrected \(fixed(a.friedman.tieCorrectedStatistic, 4))), "
            + "df \(a.friedman.degreesOfFreedom), p = \(pValue(a.friedman.pValue))"
            + (a.friedman.tieCorrection < 1 ? " (uncorrected p = \(pValue(a.friedman.uncorrectedPValue)))" : ""))
        out.append("  Iman–Davenport \(imanDavenportText(a))")
        out.append("  Nemenyi α = \(number(a.alpha)): q_α = \(fixed(a.nemenyi.qAlpha, 3)), "
            + "CD = \(fixed(a.nemenyi.criticalDifference, 3)) (k = \(a.models.count), N = \(a.table.blocks.count))")
        out.append("Blocks: \(a.blockLabels.joined(separator: ", "))")
        if !a.table.droppedBlocks.isEmpty {
            out.append("Dropped \(a.table.droppedBlocks.count) incomplete block(s): \(a.table.droppedBlocks.joined(separator: ", "))")
        }
        out.append("")
        out.append(TableWriter.text(rankTable(a, title: "Average ranks (1 = best), with values and ranks per block:")).dropLast().description)
        out.append("")
        out.append("Nemenyi groups (average ranks differ by less than CD = \(fixed(a.nemenyi.criticalDifference, 3))):")
        for names in groupNames(a) { out.append("  [" + names.joined(separator: ", ") + "]") }
        if !a.pairs.isEmpty {
            out.append("")
            out.append(TableWriter.text(pairTable(a)).dropLast().description)
            if let floor = a.conclusions.wilcoxonHolmFloor, !a.conclusions.wilcoxonHolmCanReachAlpha {
                out.append("  With \(a.table.blocks.count) blocks no Wilcoxon–Holm p can fall below \(number(floor)) "
                    + "(\(a.pairs.count) × the exact test's smallest p), so none can reach α = \(number(a.alpha)); add blocks, or read the t-test.")
            }
        }
        if let designs = a.designs {
            out.append("")
            out.append(TableWriter.text(designTable(designs, metric: a.table.metrics.joined(separator: ", "))).dropLast().description)
        }
        let control = a.controlTests
        if !control.comparisons.isEmpty {
            out.append("")
            let title: String
            switch control.mode {
            case .control(let name): title = "Against the control \(name)"
            case .pairs: title = a.designs == nil ? "Each \"s\" model against its baseline" : "Each \"s\" model and design against its family's baseline"
            }
            let cd = control.bonferroniDunnCriticalDifference.map { ", Bonferroni–Dunn CD = \(fixed($0, 3))" } ?? ""
            let rows = control.comparisons.map { c -> [TableCell] in
                let verdict = c.significantHolm ? (c.significantBonferroni ? "both" : "Holm") : "no"
                return [
                    TableCell(c.model), TableCell(c.control), TableCell(signed(c.rankDifference)), TableCell(fixed(c.z, 3)),
                    TableCell(pValue(c.pValue)), TableCell(pValue(c.bonferroniPValue)), TableCell(pValue(c.holmPValue)), TableCell(verdict),
                ]
            }
            let table = TableSpec(
                title: "\(title) (rank z-tests, α = \(number(control.alpha))\(cd)):", slug: "control-tests",
                columns: ["model", "control", "rank diff", "z", "p", "Bonferroni p", "Holm p", "significant"],
                alignments: [.left, .left, .right, .right, .right, .right, .right, .left], rows: rows)
            out.append(TableWriter.text(table).dropLast().description)
        }
        if !a.errorBars.isEmpty {
            out.append("")
            let rows = a.errorBars.map { e -> [TableCell] in
                let ci = (try? e.interval(.ci(level: 0.95))).flatMap { $0 }.map { "[\(fixed($0.lower, 3)), \(fixed($0.upper, 3))]" } ?? "–"
                return [
                    e.model, e.dataset, e.metric, "\(e.count)", fixed(e.mean, 3),
                    e.standardDeviation.map { fixed($0, 3) } ?? "–", e.standardError.map { fixed($0, 3) } ?? "–", ci,
                ].map { TableCell($0) }
            }
            let table = TableSpec(
                title: "Over seeds (mean ± sd, se, 95% t interval):", slug: "error-bars",
                columns: ["model", "dataset", "metric", "n", "mean", "sd", "se", "95% CI"],
                alignments: [.left, .left, .left, .right, .right, .right, .right, .left], rows: rows)
            out.append(TableWriter.text(table).dropLast().description)
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Tables (one TableSpec each, rendered by TableFormat in every format)

    /// One row per model, best first: position, model, average rank, then value (rank) per block.
    static func rankTable(_ a: RankAnalysis, title: String) -> TableSpec {
        let value = valueFormatter(a)
        let rows = a.nemenyi.rankOrder.enumerated().map { position, m -> [TableCell] in
            [TableCell("\(position + 1)"), TableCell(a.models[m]), TableCell(fixed(a.averageRanks[m], 3))]
                + a.table.blocks.indices.map { TableCell("\(value(a.values[$0][m])) (\(trimmed(a.ranks[$0][m])))") }
        }
        return TableSpec(
            title: title, slug: "average-ranks", columns: ["#", "model", "avg rank"] + a.blockLabels,
            alignments: [.right, .left] + Array(repeating: .right, count: a.blockLabels.count + 1), rows: rows, keyColumns: 2)
    }

    /// Each "s" model against its baseline: mean difference, W/T/L, Wilcoxon and t-test p with their Holm p.
    static func pairTable(_ a: RankAnalysis) -> TableSpec {
        let rows = a.pairs.map { p -> [TableCell] in
            [
                p.variant, p.baseline, signed(p.meanDifference), "\(p.wins)/\(p.ties)/\(p.losses)",
                pValue(p.wilcoxon.pValue), p.wilcoxon.method.rawValue, pValue(p.wilcoxonHolmPValue),
                pValue(p.tTest.pValue), pValue(p.tTestHolmPValue),
            ].map { TableCell($0) }
        }
        return TableSpec(
            title: "Pairs (variant − baseline over \(a.table.blocks.count) blocks; Holm across \(a.pairs.count) pairs):",
            slug: "pairs", columns: ["variant", "baseline", "mean diff", "W/T/L", "Wilcoxon p", "method", "Holm", "t-test p", "Holm"],
            alignments: [.left, .left, .right, .right, .right, .left, .right, .right, .right], rows: rows, keyColumns: 2)
    }

    /// Each design's mean rank within its families (1 = best), its difference to the baseline and W/T/L.
    public static func designTable(_ d: DesignRanking, metric: String) -> TableSpec {
        let rows = d.standings.enumerated().map { position, s -> [TableCell] in
            [
                "\(position + 1)", s.design, fixed(s.meanRank, 3), "\(s.families.count)", "\(s.cells)",
                s.meanDifference.map(signed) ?? "–", s.design == "resnet" ? "–" : "\(s.wins)/\(s.ties)/\(s.losses)", s.formula ?? "–",
            ].map { TableCell($0) }
        }
        let sizes = Set(d.designsPerFamily.values).sorted().map(String.init).joined(separator: " or ")
        return TableSpec(
            title: "Designs by mean rank within their families (\(metric); \(sizes) designs per family, 1 = best; diff and W/T/L against the family's baseline, resnet):",
            slug: "designs", columns: ["#", "design", "mean rank", "families", "cells", "mean diff", "W/T/L", "formula"],
            alignments: [.right, .left, .right, .right, .right, .right, .right, .left], rows: rows, keyColumns: 2)
    }

    // MARK: JSON

    static func json(_ a: RankAnalysis) -> String { encodeJSON(AnalysisJSON(a)) }

    /// Pretty-printed with sorted keys; the values are strings, numbers, booleans and nulls only.
    static func encodeJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Non-finite doubles are encoded as nil by the JSON types below, so encoding cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self) + "\n"
    }

    // MARK: CSV (one row per model, best first)

    static func csv(_ a: RankAnalysis) -> String {
        var columns = ["model", "position", "average_rank"]
        for label in a.blockLabels { columns += ["value:\(label)", "rank:\(label)"] }
        let rows = a.nemenyi.rankOrder.enumerated().map { position, m -> [TableCell] in
            var row = [a.models[m], "\(position + 1)", "\(a.averageRanks[m])"]
            for b in a.table.blocks.indices { row += ["\(a.values[b][m])", "\(a.ranks[b][m])"] }
            return row.map { TableCell($0) }
        }
        return TableWriter.csv(TableSpec(title: "", slug: "ranks", columns: columns, rows: rows))
    }

    // MARK: Markdown

    static func markdown(_ a: RankAnalysis) -> String {
        var out: [String] = []
        out.append("**Friedman test on \(shape(a))**: \(verdict(a)).")
        out.append("")
        out.append("- χ²_F = \(fixed(a.friedman.statistic, 4)) (tie-corrected \(fixed(a.friedman.tieCorrectedStatistic, 4))), df \(a.friedman.degreesOfFreedom), p = \(pValue(a.friedman.pValue))")
        out.append("- Iman–Davenport \(imanDavenportText(a))")
        out.append("- Nemenyi (α = \(number(a.alpha))): q_α = \(fixed(a.nemenyi.qAlpha, 3)), CD = \(fixed(a.nemenyi.criticalDifference, 3))")
        out.append("- Groups: " + groupNames(a).map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: " "))
        out.append("")
        out.append(TableWriter.markdown(rankTable(a, title: "Average ranks (1 = best), value (rank) per block")))
        if !a.pairs.isEmpty { out.append(TableWriter.markdown(pairTable(a))) }
        if let d = a.designs { out.append(TableWriter.markdown(designTable(d, metric: a.table.metrics.joined(separator: ", ")))) }
        return out.joined(separator: "\n")
    }

    // MARK: LaTeX

    static func latex(_ a: RankAnalysis) -> String {
        let f: String
        switch a.imanDavenport.statistic {
        case .finite(let value): f = "F_F = \(fixed(value, 3))"
        case .infinitePerfectAgreement: f = "F_F = ∞ (perfect agreement)"
        }
        var ranks = rankTable(a, title: "Values (rank) per block and average ranks")
        ranks.notes = [
            "Friedman χ²_F = \(fixed(a.friedman.statistic, 3)) (tie-corrected \(fixed(a.friedman.tieCorrectedStatistic, 3))), "
                + "p = \(pValue(a.friedman.pValue)); Iman–Davenport \(f), p = \(pValue(a.imanDavenport.pValue)); "
                + "Nemenyi q_α = \(fixed(a.nemenyi.qAlpha, 3)) at α = \(number(a.alpha)), CD = \(fixed(a.nemenyi.criticalDifference, 3)). "
                + verdict(a),
        ]
        var out = "% recstats stats: \(shape(a))\n" + TableWriter.latex(ranks)
        if !a.pairs.isEmpty { out += TableWriter.latex(pairTable(a)) }
        if let d = a.designs { out += TableWriter.latex(designTable(d, metric: a.table.metrics.joined(separator: ", "))) }
        return out
    }

    // MARK: q table

    /// Nemenyi q_α for k = 2…maxK.
    public static func qTable(alpha: Double, maxK: Int) throws -> [(k: Int, qAlpha: Double)] {
        guard maxK >= 2 else { throw StatsError.invalidOption("--max-k must be at least 2, got \(maxK)") }
        return try (2...maxK).map { ($0, try StudentizedRange.nemenyiCriticalValue(alpha: alpha, k: $0)) }
    }

    public static func renderQTable(_ rows: [(k: Int, qAlpha: Double)], alpha: Double, format: AnalysisFormat) -> String {
        switch format {
        case .json:
            struct Row: Encodable { let k: Int; let q_alpha: Double }
            struct Table: Encodable { let alpha: Double; let q_alpha: [Row] }
            return encodeJSON(Table(alpha: alpha, q_alpha: rows.map { Row(k: $0.k, q_alpha: $0.qAlpha) }))
        case .csv:
            return TableWriter.csv(TableSpec(
                title: "", slug: "q-table", columns: ["k", "q_alpha"], rows: rows.map { [TableCell("\($0.k)"), TableCell("\($0.qAlpha)")] }))
        case .text, .markdown, .latex:
            let table = TableSpec(
                title: "Nemenyi q_α = q_{α,k,∞}/√2 at α = \(number(alpha)) (studentized range, infinite df)", slug: "q-table",
                columns: ["k", "q_α"], alignments: [.right, .right], rows: rows.map { [TableCell("\($0.k)"), TableCell(fixed($0.qAlpha, 3))] })
            return TableWriter.render(table, as: format == .text ? .text : format == .markdown ? .markdown : .latex)
        }
    }

    // MARK: Number formatting

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func signed(_ x: Double) -> String { String(format: "%+.4g", x) }
    /// Four significant digits; very small values in exponent form.
    static func pValue(_ p: Double) -> String { TableWriter.pValue(p) }
    /// The shortest form (0.05, 0.1).
    static func number(_ x: Double) -> String { "\(x)" }
    /// A rank (1, 2.5) without trailing zeros.
    static func trimmed(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.6g", x)
    }

    /// The values of a table with the fewest decimals (at most 4) that show every value exactly,
    /// so 95.00 next to 95.29 keeps its two decimals; `%.4g` where four are not enough.
    static func valueFormatter(_ a: RankAnalysis) -> (Double) -> String {
        let all = a.values.flatMap { $0 }
        for digits in 0...4 {
            let scale = pow(10, Double(digits))
            if all.allSatisfy({ abs(($0 * scale).rounded() / scale - $0) <= 1e-9 * max(1, abs($0)) }) {
                return { fixed($0, digits) }
            }
        }
        return { String(format: "%.4g", $0) }
    }
}
