// `recstats stats --format json` as Codable values: the keys are the documented ones (README, "JSON
// output"); a number with no JSON form (NaN, ±∞) is written as null, and the neighbouring keys say why
// (e.g. `iman_davenport.perfect_agreement`).

/// A number that is null when it is missing or not finite.
struct JSONNumber: Encodable, Equatable {
    let value: Double?
    init(_ value: Double?) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let v = value, v.isFinite { try c.encode(v) } else { try c.encodeNil() }
    }
}

struct AnalysisJSON: Encodable {
    struct Friedman: Encodable {
        let chi_square, chi_square_tie_corrected: JSONNumber
        let df: Int
        let p_value, p_value_uncorrected: JSONNumber
    }
    struct ImanDavenport: Encodable {
        let f: JSONNumber
        let perfect_agreement: Bool
        let df1, df2: Int
        let p_value: JSONNumber
    }
    struct Nemenyi: Encodable {
        let alpha, q_alpha, critical_difference: JSONNumber
        let p_values: [String: [String: JSONNumber]]
        let groups: [[String]]
    }
    struct Pair: Encodable {
        let baseline, variant: String
        let mean_difference: JSONNumber
        let wilcoxon_p, wilcoxon_statistic: JSONNumber
        let wilcoxon_method: String
        let wilcoxon_p_holm: JSONNumber
        let t_test_p, t_statistic: JSONNumber
        let t_df: Int
        let t_test_p_holm: JSONNumber
        let wins, ties, losses: Int
    }
    struct ConclusionsJSON: Encodable {
        let alpha: JSONNumber
        let omnibus_test: String
        let omnibus_p_value: JSONNumber
        let omnibus_reason: String
        let models_differ: Bool
        let better_by_nemenyi, better_by_wilcoxon_holm, better_by_t_test_holm: [String]
        let wilcoxon_holm_floor: JSONNumber
        let control_significant_holm: [String]
    }
    /// "pairs", or {"control": name}.
    enum Mode: Encodable {
        case pairs
        case control(String)
        func encode(to encoder: Encoder) throws {
            switch self {
            case .pairs:
                var c = encoder.singleValueContainer()
                try c.encode("pairs")
            case .control(let name):
                var c = encoder.singleValueContainer()
                try c.encode(["control": name])
            }
        }
    }
    struct Comparison: Encodable {
        let model, control: String
        let rank_difference, z, p_value, p_value_bonferroni, p_value_holm: JSONNumber
        let significant_bonferroni, significant_holm: Bool
    }
    struct Control: Encodable {
        let mode: Mode
        let alpha: JSONNumber
        let bonferroni_dunn_critical_difference: JSONNumber
        let comparisons: [Comparison]
    }
    struct Design: Encodable {
        let design: String
        let formula: String?
        let families: [String]
        let cells: Int
        let mean_rank, mean_difference: JSONNumber
        let wins, ties, losses: Int
    }
    struct ErrorBar: Encodable {
        let model, dataset, metric: String
        let seeds: [Int]
        let mean, sd, se, ci95_lower, ci95_upper: JSONNumber
    }

    let models, metrics: [String]
    let lower_is_better: Bool
    let block_count: Int
    let blocks, dropped_blocks: [String]
    let values, ranks: [[JSONNumber]]
    let average_ranks: [String: JSONNumber]
    let friedman: Friedman
    let iman_davenport: ImanDavenport
    let nemenyi: Nemenyi
    let pairs: [Pair]
    let conclusions: ConclusionsJSON
    let control_tests: Control
    let error_bars: [ErrorBar]
    /// Present only when the table holds FAMILY+DESIGN models (encoded as absent otherwise).
    let designs: [Design]?

    init(_ a: RankAnalysis) {
        models = a.models
        metrics = a.table.metrics
        lower_is_better = a.table.lowerIsBetter
        block_count = a.table.blocks.count
        blocks = a.blockLabels
        dropped_blocks = a.table.droppedBlocks
        values = a.values.map { $0.map(JSONNumber.init) }
        ranks = a.ranks.map { $0.map(JSONNumber.init) }
        average_ranks = Dictionary(uniqueKeysWithValues: zip(a.models, a.averageRanks.map(JSONNumber.init)))
        let f = a.friedman
        friedman = Friedman(
            chi_square: JSONNumber(f.statistic), chi_square_tie_corrected: JSONNumber(f.tieCorrectedStatistic),
            df: f.degreesOfFreedom, p_value: JSONNumber(f.pValue), p_value_uncorrected: JSONNumber(f.uncorrectedPValue))
        let id = a.imanDavenport
        iman_davenport = ImanDavenport(
            f: JSONNumber(id.f), perfect_agreement: id.statistic == .infinitePerfectAgreement,
            df1: id.degreesOfFreedom.numerator, df2: id.degreesOfFreedom.denominator, p_value: JSONNumber(id.pValue))
        var pByModel: [String: [String: JSONNumber]] = [:]
        for (i, m) in a.models.enumerated() {
            pByModel[m] = Dictionary(uniqueKeysWithValues: a.models.enumerated().map { ($1, JSONNumber(a.nemenyi.pValues[i][$0])) })
        }
        nemenyi = Nemenyi(
            alpha: JSONNumber(a.nemenyi.alpha), q_alpha: JSONNumber(a.nemenyi.qAlpha),
            critical_difference: JSONNumber(a.nemenyi.criticalDifference), p_values: pByModel, groups: AnalysisReport.groupNames(a))
        pairs = a.pairs.map { p in
            Pair(
                baseline: p.baseline, variant: p.variant, mean_difference: JSONNumber(p.meanDifference),
                wilcoxon_p: JSONNumber(p.wilcoxon.pValue), wilcoxon_statistic: JSONNumber(p.wilcoxon.statistic),
                wilcoxon_method: p.wilcoxon.method.rawValue, wilcoxon_p_holm: JSONNumber(p.wilcoxonHolmPValue),
                t_test_p: JSONNumber(p.tTest.pValue), t_statistic: JSONNumber(p.tTest.statistic), t_df: p.tTest.degreesOfFreedom,
                t_test_p_holm: JSONNumber(p.tTestHolmPValue), wins: p.wins, ties: p.ties, losses: p.losses)
        }
        let c = a.conclusions
        conclusions = ConclusionsJSON(
            alpha: JSONNumber(c.alpha), omnibus_test: c.omnibusTest.rawValue, omnibus_p_value: JSONNumber(c.omnibusPValue),
            omnibus_reason: c.omnibusReason, models_differ: c.modelsDiffer, better_by_nemenyi: c.betterByNemenyi,
            better_by_wilcoxon_holm: c.betterByWilcoxonHolm, better_by_t_test_holm: c.betterByTTestHolm,
            wilcoxon_holm_floor: JSONNumber(c.wilcoxonHolmFloor), control_significant_holm: c.controlSignificantHolm)
        let control = a.controlTests
        let mode: Mode
        switch control.mode {
        case .control(let name): mode = .control(name)
        case .pairs: mode = .pairs
        }
        control_tests = Control(
            mode: mode, alpha: JSONNumber(control.alpha),
            bonferroni_dunn_critical_difference: JSONNumber(control.bonferroniDunnCriticalDifference),
            comparisons: control.comparisons.map {
                Comparison(
                    model: $0.model, control: $0.control, rank_difference: JSONNumber($0.rankDifference), z: JSONNumber($0.z),
                    p_value: JSONNumber($0.pValue), p_value_bonferroni: JSONNumber($0.bonferroniPValue),
                    p_value_holm: JSONNumber($0.holmPValue), significant_bonferroni: $0.significantBonferroni,
                    significant_holm: $0.significantHolm)
            })
        designs = a.designs?.standings.map {
            Design(
                design: $0.design, formula: $0.formula, families: $0.families, cells: $0.cells, mean_rank: JSONNumber($0.meanRank),
                mean_difference: JSONNumber($0.meanDifference), wins: $0.wins, ties: $0.ties, losses: $0.losses)
        }
        error_bars = a.errorBars.map { e in
            let ci = (try? e.interval(.ci(level: 0.95))).flatMap { $0 }
            return ErrorBar(
                model: e.model, dataset: e.dataset, metric: e.metric, seeds: e.seeds, mean: JSONNumber(e.mean),
                sd: JSONNumber(e.standardDeviation), se: JSONNumber(e.standardError),
                ci95_lower: JSONNumber(ci?.lower), ci95_upper: JSONNumber(ci?.upper))
        }
    }
}
