// Designs compared across families (issue 15): each model of the table is a family (its baseline) with a
// design (the recursion formula its blocks follow). Within every family and block the family's designs
// are ranked (1 = best, ties averaged, Ranking.ranks as the Friedman test does), and each design's mean
// rank is taken over every (family, block) it was trained on, with its mean difference to the family's
// baseline (the `resnet` design) and its wins/ties/losses against it. Families that train different sets
// of designs rank among different numbers of models, so the table says how many designs each cell held.
import Foundation
import RunRecords

public struct DesignStanding: Sendable, Equatable {
    /// `resnet`, `s-published`, `heavy-ball`, a user's name.
    public var design: String
    /// The formula as the records hold it; nil for models known only by name (tidy CSV).
    public var formula: String?
    /// The families (their baselines) this design was trained on, in table order.
    public var families: [String]
    /// (family, block) cells the mean rank is over.
    public var cells: Int
    public var meanRank: Double
    /// Mean of design − baseline over the cells whose family has a baseline (nil: no baseline, or this is it).
    public var meanDifference: Double?
    public var wins: Int, ties: Int, losses: Int
}

public struct DesignRanking: Sendable, Equatable {
    /// Designs best mean rank first (ties in design order of first appearance).
    public var standings: [DesignStanding]
    /// How many designs each family had (the ranks' range there).
    public var designsPerFamily: [String: Int]
    public var lowerIsBetter: Bool

    /// The model's family and design: from its record when there is one (the record names both), else
    /// from the name (`resnet18+heavy-ball`, an "s" twin `resnet18s`, or a baseline).
    public static func classify(_ model: String, records: [RunRecord], among models: Set<String>) -> (family: String, design: String, formula: String?) {
        if let r = records.first(where: { $0.model == model }) {
            let family = r.isComparedWithBaseline ? r.baseline! : r.model
            let design = r.design?.name ?? (r.isSVariant ? (r.configuration.sForm == .formula ? "s" : "s-published") : "resnet")
            return (family, design, r.design?.formula)
        }
        if let plus = model.firstIndex(of: "+"), plus != model.startIndex {
            return (String(model[..<plus]), String(model[model.index(after: plus)...]), nil)
        }
        if let baseline = ModelPairs.baselineByName(of: model, among: models) { return (baseline, "s", nil) }
        return (model, "resnet", nil)
    }

    /// Nil unless the table holds a FAMILY+DESIGN model (otherwise the pair table already says it all).
    public static func rank(_ table: BlockTable, records: [RunRecord]) -> DesignRanking? {
        guard table.models.contains(where: { $0.contains("+") }) else { return nil }
        let present = Set(table.models)
        let kinds = table.models.map { classify($0, records: records, among: present) }
        var designOrder: [String] = [], familyOrder: [String] = []
        for k in kinds {
            if !designOrder.contains(k.design) { designOrder.append(k.design) }
            if !familyOrder.contains(k.family) { familyOrder.append(k.family) }
        }
        var rankSum: [String: Double] = [:], cells: [String: Int] = [:], families: [String: [String]] = [:]
        var differenceSum: [String: Double] = [:], differenceCells: [String: Int] = [:]
        var wins: [String: Int] = [:], ties: [String: Int] = [:], losses: [String: Int] = [:]
        var perFamily: [String: Int] = [:]
        for family in familyOrder {
            let members = kinds.indices.filter { kinds[$0].family == family }
            perFamily[family] = members.count
            let baseline = members.first { kinds[$0].design == "resnet" }
            for m in members where !(families[kinds[m].design] ?? []).contains(family) {
                families[kinds[m].design, default: []].append(family)
            }
            for row in table.values {
                let values = members.map { row[$0] }
                let ranks = Ranking.ranks(values, lowerIsBetter: table.lowerIsBetter)
                for (i, m) in members.enumerated() {
                    let d = kinds[m].design
                    rankSum[d, default: 0] += ranks[i]
                    cells[d, default: 0] += 1
                    guard let b = baseline, b != m else { continue }
                    let diff = row[m] - row[b]
                    differenceSum[d, default: 0] += diff
                    differenceCells[d, default: 0] += 1
                    let better = table.lowerIsBetter ? diff < 0 : diff > 0
                    if diff == 0 { ties[d, default: 0] += 1 } else if better { wins[d, default: 0] += 1 } else { losses[d, default: 0] += 1 }
                }
            }
        }
        let standings = designOrder.map { d -> DesignStanding in
            let formula = kinds.first { $0.design == d && $0.formula != nil }?.formula
            return DesignStanding(
                design: d, formula: formula, families: families[d] ?? [], cells: cells[d] ?? 0,
                meanRank: (rankSum[d] ?? 0) / Double(max(1, cells[d] ?? 0)),
                meanDifference: differenceCells[d].map { differenceSum[d]! / Double($0) },
                wins: wins[d] ?? 0, ties: ties[d] ?? 0, losses: losses[d] ?? 0)
        }
        let sorted = standings.enumerated().sorted { ($0.element.meanRank, $0.offset) < ($1.element.meanRank, $1.offset) }.map(\.element)
        return DesignRanking(standings: sorted, designsPerFamily: perFamily, lowerIsBetter: table.lowerIsBetter)
    }
}
