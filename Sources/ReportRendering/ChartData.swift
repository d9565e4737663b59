// The plain values the charts draw. They are filled from RankStats results (ReportBuilder.swift); no
// chart computes a statistic itself.
import Foundation
import TableFormat

/// One model's average rank, as RankStats computed it.
public struct RankedModel: Sendable, Equatable {
    public var name: String
    public var averageRank: Double
    public var role: PairRole

    public init(name: String, averageRank: Double, role: PairRole) {
        self.name = name
        self.averageRank = averageRank
        self.role = role
    }
}

/// What the Friedman graph and the CD diagram draw: average ranks, the Nemenyi critical difference and
/// the groups of models not significantly different.
public struct RankSummary: Sendable, Equatable {
    /// Models in the order to list them (the input's order).
    public var models: [RankedModel]
    public var criticalDifference: Double
    public var alpha: Double
    public var qAlpha: Double
    public var blockCount: Int
    /// Maximal groups of models whose average ranks differ by less than the CD (names).
    public var groups: [[String]]

    public init(models: [RankedModel], criticalDifference: Double, alpha: Double, qAlpha: Double, blockCount: Int, groups: [[String]]) {
        self.models = models
        self.criticalDifference = criticalDifference
        self.alpha = alpha
        self.qAlpha = qAlpha
        self.blockCount = blockCount
        self.groups = groups
    }

    /// The sentence under both rank figures; the CD is printed with 3 decimals.
    public var cdNote: String {
        "CD = \(Format.fixed(criticalDifference, 3)) (Nemenyi, α = \(Format.number(alpha)), "
            + "q_α = \(Format.fixed(qAlpha, 3)), k = \(models.count) models, N = \(blockCount) blocks)"
    }
}

/// One bar: a model's estimate on one dataset, with the error bar RankStats computed (if any).
public struct BarEstimate: Sendable, Equatable {
    public var model: String
    public var role: PairRole
    public var mean: Double
    public var lower: Double?
    public var upper: Double?
    /// The design series it belongs to (BarChartData.series), when the chart compares several designs.
    public var series: Int?

    public init(model: String, role: PairRole, mean: Double, lower: Double? = nil, upper: Double? = nil, series: Int? = nil) {
        self.model = model
        self.role = role
        self.mean = mean
        self.lower = lower
        self.upper = upper
        self.series = series
    }
}

/// Bars drawn side by side: a baseline and its "s" twin, or a model without a twin.
public struct BarGroup: Sendable, Equatable {
    public var label: String
    public var bars: [BarEstimate]

    public init(label: String, bars: [BarEstimate]) {
        self.label = label
        self.bars = bars
    }
}

public struct BarChartData: Sendable, Equatable {
    public var title: String
    public var valueLabel: String
    public var groups: [BarGroup]
    /// What the error bars show ("±1 sd over 3 seeds"); nil when there are none.
    public var errorBarNote: String?
    /// The designs, in legend order (series 0 is the baseline), when a family has several; empty: the
    /// legend says baseline / "s" variant.
    public var series: [String]

    public init(title: String, valueLabel: String, groups: [BarGroup], errorBarNote: String?, series: [String] = []) {
        self.title = title
        self.valueLabel = valueLabel
        self.groups = groups
        self.errorBarNote = errorBarNote
        self.series = series
    }
}

/// One curve: a mean per x with an optional band (lower/upper) over seeds.
public struct CurveSeries: Sendable, Equatable {
    public var label: String
    public var role: PairRole
    public var x: [Double]
    public var mean: [Double]
    public var lower: [Double]?
    public var upper: [Double]?
    /// The design series (colour from Theme.seriesColor), when a panel compares several designs.
    public var series: Int?

    public init(label: String, role: PairRole, x: [Double], mean: [Double], lower: [Double]? = nil, upper: [Double]? = nil, series: Int? = nil) {
        precondition(x.count == mean.count, "CurveSeries \(label): \(x.count) x values but \(mean.count) means")
        self.series = series
        self.label = label
        self.role = role
        self.x = x
        self.mean = mean
        self.lower = lower
        self.upper = upper
    }
}

public struct CurvePanelData: Sendable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [CurveSeries]

    public init(title: String, xLabel: String, yLabel: String, series: [CurveSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }
}

/// Number formatting shared by figures and tables.
public enum Format {
    /// A short decimal without trailing zeros: 0.05 → "0.05", 0.1 → "0.1".
    public static func number(_ value: Double) -> String {
        var s = String(format: "%.6g", value)
        if s.contains(".") && !s.contains("e") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// A p-value: 3 significant digits, "< 0.0001" below that.
    public static func pValue(_ p: Double) -> String {
        TableWriter.pValue(p)
    }

    /// "p = 0.011" or "p < 0.0001", for sentences.
    public static func pPhrase(_ p: Double) -> String {
        let text = pValue(p)
        return text.hasPrefix("<") ? "p \(text)" : "p = \(text)"
    }

    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
