// The computations behind each verdict of the paper audit: Table 1's ranks, Friedman and Iman–Davenport
// as exact fractions, the Nemenyi CD at α = 0.05 and 0.10, appendix A.1's formulas as printed, Table
// 4's q_α against the studentized range, Table 2 against the means of Tables 5–7, Table 8 against the
// zoo's counts, and paired t-tests per pair and data set over the seeds with Holm's adjustment.
import Foundation
import TableFormat
import RunRecords

/// A baseline and its "s" twin: average ranks and the gap R_baseline − R_twin (positive: the twin ranks better).
public struct TwinGap: Sendable, Equatable {
    public var baseline: String
    public var variant: String
    public var baselineRank: Double
    public var variantRank: Double
    public var gap: Double { baselineRank - variantRank }
}

/// Two models whose average ranks differ by more than a CD; `better` has the lower (better) rank.
public struct RankGap: Sendable, Equatable {
    public var better: String
    public var worse: String
    public var gap: Double
}

/// Table 1 (top-1, blocks = data sets) through Demšar's analysis, and through appendix A.1 as printed.
public struct Table1Ranks: Sendable {
    public var table: BlockTable
    public var ranks: [[Double]]
    public var averageRanks: [Double]
    public var friedman: FriedmanResult
    public var imanDavenport: ImanDavenportResult
    /// Demšar's χ²_F and Iman–Davenport's F_F, exactly (nil F: every block ranks alike).
    public var chiSquare: Fraction
    public var imanDavenportF: Fraction?
    /// Appendix A.1 as printed: 12N/(k(k−1)) in place of 12N/(k(k+1)), and the F it leads to.
    public var printedChiSquare: Fraction
    public var printedImanDavenportF: Fraction?
    /// Nemenyi at α = 0.05 and 0.10, in that order, and the pairs each separates (largest gap first).
    public var nemenyi: [NemenyiResult]
    public var differing: [[RankGap]]
    public var twins: [TwinGap]

    public var k: Int { table.models.count }
    public var n: Int { table.blocks.count }

    /// The smallest number of blocks at which a rank gap of `gap` exceeds the CD at `qAlpha`:
    /// q_α √(k(k+1)/(6N)) < gap ⇔ N > k(k+1) q_α² / (6 gap²).
    public func blocksNeeded(gap: Double, qAlpha: Double) -> Int {
        Int((Double(k * (k + 1)) * qAlpha * qAlpha / (6 * gap * gap)).rounded(.down)) + 1
    }
}

/// One cell of Table 4.
public struct QAlphaCell: Sendable, Equatable {
    public var alpha: Double
    public var k: Int
    public var printed: Double
    public var exact: Double
    /// Demšar's (2006) Table 5a value, which the paper cites.
    public var demsar: Double?
    /// The printed value is not the exact one rounded to the three printed decimals.
    public var differs: Bool { (exact * 1000).rounded() != (printed * 1000).rounded() }
    /// The printed value is Demšar's (so a difference from the exact value is inherited, not a misprint).
    public var asDemsarPrints: Bool { demsar.map { ($0 * 1000).rounded() == (printed * 1000).rounded() } ?? false }
}

/// One Table 2 cell against the mean of its seeds in Tables 5–7.
public struct SeedMeanCell: Sendable, Equatable {
    public var model: String
    public var dataset: String
    /// By seed, ascending.
    public var seeds: [(seed: Int, value: Double)]
    public var printed: Double
    public var mean: Double { seeds.map(\.value).reduce(0, +) / Double(seeds.count) }
    /// More than half a unit of the second decimal away from the mean (beyond rounding).
    public var differs: Bool { abs(printed - mean) > 0.005 + 1e-9 }
    /// The printed value is the mean cut (not rounded) to two decimals; the seeds are sums of hundredths,
    /// so the mean is a whole number of 1/300ths and is computed exactly from them.
    public var truncatedMean: Bool {
        let hundredthsSum = seeds.map { Int(($0.value * 100).rounded()) }.reduce(0, +)
        return hundredthsSum / seeds.count == Int((printed * 100).rounded())
    }

    public static func == (a: SeedMeanCell, b: SeedMeanCell) -> Bool {
        a.model == b.model && a.dataset == b.dataset && a.printed == b.printed
            && a.seeds.map(\.seed) == b.seeds.map(\.seed) && a.seeds.map(\.value) == b.seeds.map(\.value)
    }
}

/// One model of Table 8 against the model zoo.
public struct CostCell: Sendable, Equatable {
    public var model: String
    /// As printed: parameters (11.22M → 11 220 000) and FLOPs (7.1 × 10¹⁰).
    public var printedParameters: Double?
    public var printedFLOPs: Double?
    public var zooParameters: Int?
    public var zooFLOPs: Double?

    /// The zoo's count in units of 0.01 M, rounded and truncated.
    public var zooRounded: Int? { zooParameters.map { Int((Double($0) / 10_000).rounded()) } }
    public var zooTruncated: Int? { zooParameters.map { $0 / 10_000 } }
    public var printedHundredths: Int? { printedParameters.map { Int(($0 / 10_000).rounded()) } }
    public var parametersEqualRounded: Bool { printedHundredths != nil && printedHundredths == zooRounded }
    public var parametersEqualTruncated: Bool { printedHundredths != nil && printedHundredths == zooTruncated }
    /// FLOPs equal at the two significant digits Table 8 prints.
    public var flopsEqual: Bool {
        guard let p = printedFLOPs, let z = zooFLOPs, p > 0, z > 0 else { return false }
        return CostCell.twoDigits(p) == CostCell.twoDigits(z)
    }

    static func twoDigits(_ x: Double) -> Double {
        let scale = pow(10, floor(log10(x)) - 1)
        return (x / scale).rounded() * scale
    }
}

/// A baseline/"s" pair on one data set over the seeds: differences (twin − baseline) by seed, the paired
/// t-test, Wilcoxon, and the Holm-adjusted t-test p across all pairs and data sets of the check.
public struct SeedPairTest: Sendable, Equatable {
    public var baseline: String
    public var variant: String
    public var dataset: String
    public var differences: [Double]
    public var tTest: PairedTTestResult
    public var wilcoxon: WilcoxonResult
    public var holmPValue: Double
    public var meanDifference: Double { differences.reduce(0, +) / Double(differences.count) }
}

/// One cell of a published table: a baseline and its twin on one data set and metric.
public struct TwinCell: Sendable, Equatable {
    public var baseline: String
    public var variant: String
    public var dataset: String
    public var metric: String
    public var baselineValue: Double
    public var variantValue: Double
    public var difference: Double { variantValue - baselineValue }
}

struct PaperAuditChecks {
    var input: PaperAuditInput

    /// The models the Nemenyi claim names: ResNet34/50/101 against their twins.
    static let nemenyiClaimedBaselines = ["ResNet34", "ResNet50", "ResNet101"]
    /// The Nemenyi claim is read at both levels of Table 4.
    static let nemenyiAlphas = [0.05, 0.10]

    func observations(_ table: PaperTable) throws -> [Observation] {
        guard let rows = input.tables[table], !rows.isEmpty else {
            throw StatsError.invalidOption(
                "the input has no \(table.fileName), so this claim cannot be checked. HINT: pass --input results/paper")
        }
        return rows
    }

    // MARK: Table 1

    func table1Ranks() throws -> Table1Ranks {
        let rows = try observations(.table1)
        let table = try BlockTable.build(from: rows, options: BlockTableOptions(metrics: [StandardMetric.top1], blocks: [.dataset]))
        let friedman = try FriedmanTest.test(table)
        let ranks = FriedmanTest.ranks(of: table)
        let averages = FriedmanTest.averageRanks(ranks)
        let k = table.models.count, n = table.blocks.count
        // Twice the rank sums are integers (ties share halves): χ²_F = (3ΣT² − 3N²k(k+1)²)/(N k(k+1)).
        let doubled = (0..<k).map { m in Int((2 * ranks.reduce(0) { $0 + $1[m] }).rounded()) }
        let numerator = 3 * doubled.reduce(0) { $0 + $1 * $1 } - 3 * n * n * k * (k + 1) * (k + 1)
        let chi = Fraction(numerator, n * k * (k + 1))
        let printedChi = AppendixA1.chiSquare(doubledRankSums: doubled, blocks: n)
        var nemenyi: [NemenyiResult] = []
        var differing: [[RankGap]] = []
        for alpha in Self.nemenyiAlphas {
            let result = try NemenyiTest.test(averageRanks: averages, blocks: n, alpha: alpha)
            nemenyi.append(result)
            var gaps: [RankGap] = []
            for i in 0..<k {
                for j in (i + 1)..<k where abs(averages[i] - averages[j]) > result.criticalDifference {
                    let (better, worse) = averages[i] < averages[j] ? (i, j) : (j, i)
                    gaps.append(RankGap(better: table.models[better], worse: table.models[worse], gap: abs(averages[i] - averages[j])))
                }
            }
            differing.append(gaps.sorted { $0.gap > $1.gap })
        }
        let twins = ModelPairs.find(in: table.models).map { pair in
            TwinGap(
                baseline: pair.baseline, variant: pair.variant,
                baselineRank: averages[table.models.firstIndex(of: pair.baseline)!],
                variantRank: averages[table.models.firstIndex(of: pair.variant)!])
        }
        return Table1Ranks(
            table: table, ranks: ranks, averageRanks: averages, friedman: friedman,
            imanDavenport: try FriedmanTest.imanDavenport(friedman, models: k, blocks: n),
            chiSquare: chi, imanDavenportF: AppendixA1.imanDavenport(chi, models: k, blocks: n),
            printedChiSquare: printedChi, printedImanDavenportF: AppendixA1.imanDavenport(printedChi, models: k, blocks: n),
            nemenyi: nemenyi, differing: differing, twins: twins)
    }

    // MARK: Table 4

    func qAlphaCells() throws -> [QAlphaCell] {
        var cells: [QAlphaCell] = []
        for (alpha, values) in PaperClaims.printedQAlpha {
            let demsar = PaperClaims.demsarQAlpha.first { $0.alpha == alpha }?.values
            for (i, printed) in values.enumerated() {
                let k = PaperClaims.printedQAlphaFirstK + i
                cells.append(QAlphaCell(
                    alpha: alpha, k: k, printed: printed, exact: try StudentizedRange.nemenyiCriticalValue(alpha: alpha, k: k),
                    demsar: demsar.flatMap { $0.indices.contains(i) ? $0[i] : nil }))
            }
        }
        return cells
    }

    // MARK: Table 2 against Tables 5–7

    func seedMeanCells() throws -> [SeedMeanCell] {
        let printed = try observations(.table2).filter { $0.metric == StandardMetric.top1 && $0.seed == nil }
        let seeded = try observations(.seeds).filter { $0.metric == StandardMetric.top1 && $0.seed != nil }
        return try printed.map { cell in
            let seeds = seeded.filter { $0.model == cell.model && $0.dataset == cell.dataset }
                .map { (seed: $0.seed!, value: $0.value) }.sorted { $0.seed < $1.seed }
            guard !seeds.isEmpty else {
                throw StatsError.invalidOption("\(cell.source): \(cell.model) on \(cell.dataset) has no per-seed values in seeds.csv")
            }
            return SeedMeanCell(model: cell.model, dataset: cell.dataset, seeds: seeds, printed: cell.value)
        }
    }

    // MARK: Table 8 against the model zoo

    func costCells() throws -> [CostCell] {
        let rows = try observations(.table8)
        guard !input.zooParameters.isEmpty else {
            throw StatsError.invalidOption("no model zoo counts were given, so Table 8 cannot be compared")
        }
        var models: [String] = []
        for o in rows where !models.contains(o.model) { models.append(o.model) }
        return models.map { model in
            let mine = rows.filter { $0.model == model }
            return CostCell(
                model: model,
                printedParameters: mine.first { ["params", "parameters"].contains($0.metric.lowercased()) }?.value,
                printedFLOPs: mine.first { $0.metric.lowercased() == "flops" }?.value,
                zooParameters: input.zooParameters[model], zooFLOPs: input.zooFLOPs[model])
        }
    }

    // MARK: Pairs over seeds (Tables 5–7)

    func seedPairTests() throws -> [SeedPairTest] {
        let rows = try observations(.seeds).filter { $0.metric == StandardMetric.top1 && $0.seed != nil }
        var models: [String] = []
        for o in rows where !models.contains(o.model) { models.append(o.model) }
        var datasets: [String] = []
        for o in rows where !datasets.contains(o.dataset) { datasets.append(o.dataset) }
        var tests: [SeedPairTest] = []
        for pair in ModelPairs.find(in: models) {
            for dataset in datasets {
                let table = try BlockTable.build(
                    from: rows, options: BlockTableOptions(blocks: [.seed], models: [pair.baseline, pair.variant], datasets: [dataset]))
                let differences = table.values.map { $0[1] - $0[0] }
                guard differences.count >= 2 else {
                    throw StatsError.tooFewBlocks(test: "paired t-test over seeds", needed: 2, found: differences.count, dropped: 0)
                }
                tests.append(SeedPairTest(
                    baseline: pair.baseline, variant: pair.variant, dataset: dataset, differences: differences,
                    tTest: PairTests.pairedT(differences), wilcoxon: PairTests.wilcoxon(differences), holmPValue: 1))
            }
        }
        let holm = Holm.adjust(tests.map(\.tTest.pValue))
        for i in tests.indices { tests[i].holmPValue = holm[i] }
        return tests
    }

    // MARK: Twins in a published table

    /// Every (pair, data set, metric) cell of `table` whose baseline name starts with `prefix`.
    func twinCells(_ table: PaperTable, baselinePrefix prefix: String = "") throws -> [TwinCell] {
        let rows = try observations(table).filter { $0.seed == nil }
        var models: [String] = []
        for o in rows where !models.contains(o.model) { models.append(o.model) }
        var cells: [TwinCell] = []
        for pair in ModelPairs.find(in: models) where pair.baseline.hasPrefix(prefix) {
            for b in rows where b.model == pair.baseline {
                guard let v = rows.first(where: { $0.model == pair.variant && $0.dataset == b.dataset && $0.metric == b.metric })
                else { continue }
                cells.append(TwinCell(
                    baseline: pair.baseline, variant: pair.variant, dataset: b.dataset, metric: b.metric,
                    baselineValue: b.value, variantValue: v.value))
            }
        }
        return cells
    }
}

/// Appendix A.1's formulas exactly as printed, on exact fractions (Demšar's are in Friedman.swift and
/// Nemenyi.swift): τ_χ² = 12N/(k(k−1)) (Σ r_i² − k(k+1)²/4), τ_F = (N−1)τ_χ²/(N(k−1) − τ_χ²),
/// CD = q_α √(k(k+1)/(6N)).
public enum AppendixA1 {
    /// τ_χ² from twice the rank sums T_i = 2 N r_i: 12N/(k(k−1)) (ΣT²/(4N²) − k(k+1)²/4).
    public static func chiSquare(doubledRankSums t: [Int], blocks n: Int) -> Fraction {
        let k = t.count
        let sumSquares = Fraction(t.reduce(0) { $0 + $1 * $1 }, 4 * n * n)
        return Fraction(12 * n, k * (k - 1)) * (sumSquares - Fraction(k * (k + 1) * (k + 1), 4))
    }

    /// τ_F; nil where its denominator N(k−1) − τ_χ² is zero.
    public static func imanDavenport(_ chi: Fraction, models k: Int, blocks n: Int) -> Fraction? {
        let denominator = Fraction(n * (k - 1)) - chi
        guard denominator.numerator != 0 else { return nil }
        return Fraction(n - 1) * chi / denominator
    }

    public static func criticalDifference(qAlpha: Double, models k: Int, blocks n: Int) -> Double {
        qAlpha * (Double(k * (k + 1)) / (6 * Double(n))).squareRoot()
    }
}
