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
        let value = valueFormatter(a)
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
        out.append("Average ranks (1 = best), with values and ranks per block:")
        var header = ["#", "model", "avg rank"]
        for label in a.blockLabels { header.append(label) }
        var rows = [header]
        for (position, m) in a.nemenyi.rankOrder.enumerated() {
            var row = ["\(position + 1)", a.models[m], fixed(a.averageRanks[m], 3)]
            for b in a.table.blocks.indices {
                row.append("\(value(a.values[b][m])) (\(trimmed(a.ranks[b][m])))")
            }
            rows.append(row)
        }
        out.append(aligned(rows, rightAligned: Set(2..<header.count)))
        out.append("")
        out.append("Nemenyi groups (average ranks differ by less than CD = \(fixed(a.nemenyi.criticalDifference, 3))):")
        for names in groupNames(a) { out.append("  [" + names.joined(separator: ", ") + "]") }
        if !a.pairs.isEmpty {
            out.append("")
            out.append("Pairs (variant − baseline over \(a.table.blocks.count) blocks; Holm across \(a.pairs.count) pairs):")
            var rows = [["variant", "baseline", "mean diff", "W/T/L", "Wilcoxon p", "method", "Holm", "t-test p", "Holm"]]
            for p in a.pairs {
                rows.append([
                    p.variant, p.baseline, signed(p.meanDifference), "\(p.wins)/\(p.ties)/\(p.losses)",
                    pValue(p.wilcoxon.pValue), p.wilcoxon.method.rawValue, pValue(p.wilcoxonHolmPValue),
                    pValue(p.tTest.pValue), pValue(p.tTestHolmPValue),
                ])
            }
            out.append(aligned(rows, rightAligned: [2, 3, 4, 6, 7, 8]))
            if let floor = a.conclusions.wilcoxonHolmFloor, !a.conclusions.wilcoxonHolmCanReachAlpha {
                out.append("  With \(a.table.blocks.count) blocks no Wilcoxon–Holm p can fall below \(number(floor)) "
                    + "(\(a.pairs.count) × the exact test's smallest p), so none can reach α = \(number(a.alpha)); add blocks, or read the t-test.")
            }
        }
        let control = a.controlTests
        if !control.comparisons.isEmpty {
            out.append("")
            let title: String
            switch control.mode {
            case .control(let name): title = "Against the control \(name)"
            case .pairs: title = "Each \"s\" model against its baseline"
            }
            let cd = control.bonferroniDunnCriticalDifference.map { ", Bonferroni–Dunn CD = \(fixed($0, 3))" } ?? ""
            out.append("\(title) (rank z-tests, α = \(number(control.alpha))\(cd)):")
            var rows = [["model", "control", "rank diff", "z", "p", "Bonferroni p", "Holm p", "significant"]]
            for c in control.comparisons {
                let verdict = c.significantHolm ? (c.significantBonferroni ? "both" : "Holm") : "no"
                rows.append([
                    c.model, c.control, signed(c.rankDifference), fixed(c.z, 3), pValue(c.pValue),
                    pValue(c.bonferroniPValue), pValue(c.holmPValue), verdict,
                ])
            }
            out.append(aligned(rows, rightAligned: [2, 3, 4, 5, 6]))
        }
        if !a.errorBars.isEmpty {
            out.append("")
            out.append("Over seeds (mean ± sd, se, 95% t interval):")
            var rows = [["model", "dataset", "metric", "n", "mean", "sd", "se", "95% CI"]]
            for e in a.errorBars {
                let ci = (try? e.interval(.ci(level: 0.95))).flatMap { $0 }.map { "[\(fixed($0.lower, 3)), \(fixed($0.upper, 3))]" } ?? "–"
                rows.append([
                    e.model, e.dataset, e.metric, "\(e.count)", fixed(e.mean, 3),
                    e.standardDeviation.map { fixed($0, 3) } ?? "–", e.standardError.map { fixed($0, 3) } ?? "–", ci,
                ])
            }
            out.append(aligned(rows, rightAligned: [3, 4, 5, 6]))
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    static func json(_ a: RankAnalysis) -> String {
        var ranksByModel: [String: Any] = [:]
        for (m, r) in zip(a.models, a.averageRanks) { ranksByModel[m] = r }
        var pByModel: [String: Any] = [:]
        for (i, m) in a.models.enumerated() {
            var row: [String: Any] = [:]
            for (j, other) in a.models.enumerated() { row[other] = a.nemenyi.pValues[i][j] }
            pByModel[m] = row
        }
        let id = a.imanDavenport
        var root: [String: Any] = [
            "models": a.models,
            "metrics": a.table.metrics,
            "lower_is_better": a.table.lowerIsBetter,
            "block_count": a.table.blocks.count,
            "blocks": a.blockLabels,
            "dropped_blocks": a.table.droppedBlocks,
            "values": a.values.map { $0.map(jsonNumber) },
            "ranks": a.ranks,
            "average_ranks": ranksByModel,
            "friedman": [
                "chi_square": a.friedman.statistic,
                "chi_square_tie_corrected": a.friedman.tieCorrectedStatistic,
                "df": a.friedman.degreesOfFreedom,
                "p_value": a.friedman.pValue,
                "p_value_uncorrected": a.friedman.uncorrectedPValue,
            ] as [String: Any],
            "iman_davenport": [
                "f": id.f.map(jsonNumber) ?? NSNull(),
                "perfect_agreement": id.statistic == .infinitePerfectAgreement,
                "df1": id.degreesOfFreedom.numerator,
                "df2": id.degreesOfFreedom.denominator,
                "p_value": id.pValue,
            ] as [String: Any],
            "nemenyi": [
                "alpha": a.nemenyi.alpha,
                "q_alpha": a.nemenyi.qAlpha,
                "critical_difference": a.nemenyi.criticalDifference,
                "p_values": pByModel,
                "groups": groupNames(a),
            ] as [String: Any],
        ]
        root["pairs"] = a.pairs.map { p -> [String: Any] in
            [
                "baseline": p.baseline, "variant": p.variant,
                "mean_difference": p.meanDifference,
                "wilcoxon_p": p.wilcoxon.pValue, "wilcoxon_statistic": p.wilcoxon.statistic,
                "wilcoxon_method": p.wilcoxon.method.rawValue, "wilcoxon_p_holm": p.wilcoxonHolmPValue,
                "t_test_p": p.tTest.pValue, "t_statistic": jsonNumber(p.tTest.statistic), "t_df": p.tTest.degreesOfFreedom,
                "t_test_p_holm": p.tTestHolmPValue,
                "wins": p.wins, "ties": p.ties, "losses": p.losses,
            ]
        }
        let c = a.conclusions
        root["conclusions"] = [
            "alpha": c.alpha, "omnibus_test": c.omnibusTest.rawValue, "omnibus_p_value": c.omnibusPValue,
            "omnibus_reason": c.omnibusReason, "models_differ": c.modelsDiffer,
            "better_by_nemenyi": c.betterByNemenyi, "better_by_wilcoxon_holm": c.betterByWilcoxonHolm,
            "better_by_t_test_holm": c.betterByTTestHolm,
            "wilcoxon_holm_floor": c.wilcoxonHolmFloor.map(jsonNumber) ?? NSNull(),
            "control_significant_holm": c.controlSignificantHolm,
        ] as [String: Any]
        let control = a.controlTests
        var controlMode: Any = "pairs"
        if case .control(let name) = control.mode { controlMode = ["control": name] }
        root["control_tests"] = [
            "mode": controlMode,
            "alpha": control.alpha,
            "bonferroni_dunn_critical_difference": control.bonferroniDunnCriticalDifference.map(jsonNumber) ?? NSNull(),
            "comparisons": control.comparisons.map { c -> [String: Any] in
                [
                    "model": c.model, "control": c.control, "rank_difference": c.rankDifference, "z": c.z,
                    "p_value": c.pValue, "p_value_bonferroni": c.bonferroniPValue, "p_value_holm": c.holmPValue,
                    "significant_bonferroni": c.significantBonferroni, "significant_holm": c.significantHolm,
                ]
            },
        ] as [String: Any]
        root["error_bars"] = a.errorBars.map { e -> [String: Any] in
            let ci = (try? e.interval(.ci(level: 0.95))).flatMap { $0 }
            return [
                "model": e.model, "dataset": e.dataset, "metric": e.metric, "seeds": e.seeds, "mean": e.mean,
                "sd": e.standardDeviation.map(jsonNumber) ?? NSNull(), "se": e.standardError.map(jsonNumber) ?? NSNull(),
                "ci95_lower": ci.map { jsonNumber($0.lower) } ?? NSNull(),
                "ci95_upper": ci.map { jsonNumber($0.upper) } ?? NSNull(),
            ]
        }
        // Only strings, numbers, booleans, NSNull, arrays and dictionaries: serialization cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Non-finite numbers have no JSON form: null (the surrounding keys say why).
    static func jsonNumber(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

    // MARK: CSV (one row per model, best first)

    static func csv(_ a: RankAnalysis) -> String {
        var header = ["model", "position", "average_rank"]
        for label in a.blockLabels { header += ["value:\(label)", "rank:\(label)"] }
        var lines = [header.map(csvField).joined(separator: ",")]
        for (position, m) in a.nemenyi.rankOrder.enumerated() {
            var row = [a.models[m], "\(position + 1)", "\(a.averageRanks[m])"]
            for b in a.table.blocks.indices { row += ["\(a.values[b][m])", "\(a.ranks[b][m])"] }
            lines.append(row.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Markdown

    static func markdown(_ a: RankAnalysis) -> String {
        let value = valueFormatter(a)
        var out: [String] = []
        out.append("**Friedman test on \(shape(a))**: \(verdict(a)).")
        out.append("")
        out.append("- χ²_F = \(fixed(a.friedman.statistic, 4)) (tie-corrected \(fixed(a.friedman.tieCorrectedStatistic, 4))), df \(a.friedman.degreesOfFreedom), p = \(pValue(a.friedman.pValue))")
        out.append("- Iman–Davenport \(imanDavenportText(a))")
        out.append("- Nemenyi (α = \(number(a.alpha))): q_α = \(fixed(a.nemenyi.qAlpha, 3)), CD = \(fixed(a.nemenyi.criticalDifference, 3))")
        out.append("- Groups: " + groupNames(a).map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: " "))
        out.append("")
        out.append("| # | Model | Avg. rank | " + a.blockLabels.joined(separator: " | ") + " |")
        out.append("|---:|---|---:|" + String(repeating: "---:|", count: a.blockLabels.count))
        for (position, m) in a.nemenyi.rankOrder.enumerated() {
            let cells = a.table.blocks.indices.map { "\(value(a.values[$0][m])) (\(trimmed(a.ranks[$0][m])))" }
            out.append("| \(position + 1) | \(a.models[m]) | \(fixed(a.averageRanks[m], 3)) | " + cells.joined(separator: " | ") + " |")
        }
        if !a.pairs.isEmpty {
            out.append("")
            out.append("| Variant | Baseline | Mean diff. | W/T/L | Wilcoxon p | t-test p |")
            out.append("|---|---|---:|---:|---:|---:|")
            for p in a.pairs {
                out.append("| \(p.variant) | \(p.baseline) | \(signed(p.meanDifference)) | \(p.wins)/\(p.ties)/\(p.losses) | "
                    + "\(pValue(p.wilcoxon.pValue)) | \(pValue(p.tTest.pValue)) |")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: LaTeX

    static func latex(_ a: RankAnalysis) -> String {
        let value = valueFormatter(a)
        var out: [String] = []
        out.append("% recstats stats: \(shape(a)); \(verdict(a))")
        out.append("\\begin{table}[t]")
        out.append("\\centering")
        out.append("\\begin{tabular}{rl" + String(repeating: "r", count: a.blockLabels.count + 1) + "}")
        out.append("\\hline")
        out.append("\\# & Model & " + a.blockLabels.map(latexEscape).joined(separator: " & ") + " & Avg.\\ rank \\\\")
        out.append("\\hline")
        for (position, m) in a.nemenyi.rankOrder.enumerated() {
            let cells = a.table.blocks.indices.map { "\(value(a.values[$0][m])) (\(trimmed(a.ranks[$0][m])))" }
            out.append("\(position + 1) & \(latexEscape(a.models[m])) & " + cells.joined(separator: " & ")
                + " & \(fixed(a.averageRanks[m], 3)) \\\\")
        }
        out.append("\\hline")
        out.append("\\end{tabular}")
        let f: String
        switch a.imanDavenport.statistic {
        case .finite(let value): f = "$F_F = \(fixed(value, 3))$"
        case .infinitePerfectAgreement: f = "$F_F = \\infty$ (perfect agreement)"
        }
        out.append("\\caption{Values (rank) per block. Friedman $\\chi^2_F = \(fixed(a.friedman.statistic, 3))$ "
            + "(tie-corrected \(fixed(a.friedman.tieCorrectedStatistic, 3))), $p = \(pValue(a.friedman.pValue))$; "
            + "Iman--Davenport \(f), $p = \(pValue(a.imanDavenport.pValue))$; Nemenyi $q_{\(number(a.alpha))} = "
            + "\(fixed(a.nemenyi.qAlpha, 3))$, $CD = \(fixed(a.nemenyi.criticalDifference, 3))$.}")
        out.append("\\end{table}")
        if !a.pairs.isEmpty {
            out.append("\\begin{tabular}{llrrrr}")
            out.append("\\hline")
            out.append("Variant & Baseline & Mean diff. & W/T/L & Wilcoxon $p$ & $t$-test $p$ \\\\")
            out.append("\\hline")
            for p in a.pairs {
                out.append("\(latexEscape(p.variant)) & \(latexEscape(p.baseline)) & \(signed(p.meanDifference)) & "
                    + "\(p.wins)/\(p.ties)/\(p.losses) & \(pValue(p.wilcoxon.pValue)) & \(pValue(p.tTest.pValue)) \\\\")
            }
            out.append("\\hline")
            out.append("\\end{tabular}")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func latexEscape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "_", "%", "&", "#", "$", "{", "}": out += "\\\(ch)"
            default: out.append(ch)
            }
        }
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
            let object: [String: Any] = [
                "alpha": alpha, "q_alpha": rows.map { ["k": $0.k, "q_alpha": $0.qAlpha] as [String: Any] },
            ]
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self) + "\n"
        case .csv:
            return (["k,q_alpha"] + rows.map { "\($0.k),\($0.qAlpha)" }).joined(separator: "\n") + "\n"
        case .markdown:
            return (["| k | q_α (α = \(number(alpha))) |", "|---:|---:|"] + rows.map { "| \($0.k) | \(fixed($0.qAlpha, 3)) |" })
                .joined(separator: "\n") + "\n"
        case .latex:
            return (["\\begin{tabular}{rr}", "\\hline", "$k$ & $q_{\(number(alpha))}$ \\\\", "\\hline"]
                + rows.map { "\($0.k) & \(fixed($0.qAlpha, 3)) \\\\" } + ["\\hline", "\\end{tabular}"])
                .joined(separator: "\n") + "\n"
        case .text:
            let header = "Nemenyi q_α = q_{α,k,∞}/√2 at α = \(number(alpha)) (studentized range, infinite df)"
            return header + "\n" + aligned([["k", "q_alpha"]] + rows.map { ["\($0.k)", fixed($0.qAlpha, 3)] }, rightAligned: [0, 1]) + "\n"
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

    static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.map { "  " + $0 }.joined(separator: "\n")
    }
}
