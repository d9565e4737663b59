// Issue 15: designs compared across families. Every number below is a hand calculation on the table in
// `results()`; the pairing of every FAMILY+DESIGN model with its family's baseline is checked too.
import Foundation
import RunRecords
import Testing
@testable import RankStats

@Suite struct DesignRankingTests {
    /// Two families (f1, f2) × designs resnet (the baseline itself), a, b; two datasets (blocks); top-1.
    ///            f1   f1+a  f1+b   f2   f2+a  f2+b
    ///   d1       50    52    48    60    59    61
    ///   d2       50    50    49    70    71    72
    static func results() -> ResultSet {
        let values: [(String, String, Double)] = [
            ("f1", "d1", 50), ("f1+a", "d1", 52), ("f1+b", "d1", 48), ("f2", "d1", 60), ("f2+a", "d1", 59), ("f2+b", "d1", 61),
            ("f1", "d2", 50), ("f1+a", "d2", 50), ("f1+b", "d2", 49), ("f2", "d2", 70), ("f2+a", "d2", 71), ("f2+b", "d2", 72),
        ]
        return ResultSet(observations: values.map {
            Observation(model: $0.0, dataset: $0.1, seed: nil, metric: "top1", value: $0.2, source: SourceLocation(file: "t.csv"))
        })
    }

    @Test func meanRanksWithinFamiliesDifferencesAndWinsAreTheHandCalculation() throws {
        let a = try RankAnalysis.run(Self.results(), options: AnalysisOptions())
        let d = try #require(a.designs)
        // Ranks within a family and block (1 = best, ties averaged):
        //   f1/d1: a 1, resnet 2, b 3     f2/d1: b 1, resnet 2, a 3
        //   f1/d2: resnet 1.5, a 1.5, b 3 f2/d2: b 1, a 2, resnet 3
        // Mean ranks: a (1+3+1.5+2)/4 = 1.875; b (3+1+3+1)/4 = 2.0; resnet (2+2+1.5+3)/4 = 2.125.
        #expect(d.standings.map(\.design) == ["a", "b", "resnet"])
        #expect(d.standings.map(\.meanRank) == [1.875, 2.0, 2.125])
        #expect(d.standings.allSatisfy { $0.cells == 4 && $0.families == ["f1", "f2"] })
        // a − resnet: +2, −1, 0, +1 → mean 0.5, 2 wins, 1 tie, 1 loss; b: −2, +1, −1, +2 → mean 0, 2/0/2.
        let byName = Dictionary(uniqueKeysWithValues: d.standings.map { ($0.design, $0) })
        #expect(byName["a"]!.meanDifference == 0.5)
        #expect(byName["a"]!.wins == 2 && byName["a"]!.ties == 1 && byName["a"]!.losses == 1)
        #expect(byName["b"]!.meanDifference == 0)
        #expect(byName["b"]!.wins == 2 && byName["b"]!.ties == 0 && byName["b"]!.losses == 2)
        #expect(byName["resnet"]!.meanDifference == nil)
        #expect(d.designsPerFamily == ["f1": 3, "f2": 3])

        // Every design is paired with its own family's baseline (by the FAMILY+DESIGN name), never across families.
        #expect(Set(a.pairs.map { "\($0.variant)>\($0.baseline)" }) == ["f1+a>f1", "f1+b>f1", "f2+a>f2", "f2+b>f2"])
        let text = AnalysisReport.render(a, format: .text)
        #expect(text.contains("Designs by mean rank within their families"))
        #expect(text.contains("Each \"s\" model and design against its family's baseline"))
        let json = try JSONSerialization.jsonObject(with: Data(AnalysisReport.render(a, format: .json).utf8)) as! [String: Any]
        let designs = try #require(json["designs"] as? [[String: Any]])
        #expect(designs.map { $0["design"] as! String } == ["a", "b", "resnet"])
        #expect(designs[0]["mean_rank"] as? Double == 1.875)
    }

    @Test func aTableWithoutDesignsHasNoDesignTable() throws {
        let rows = Self.results().observations.filter { !$0.model.contains("+") }
        let a = try RankAnalysis.run(ResultSet(observations: rows), options: AnalysisOptions())
        #expect(a.designs == nil)
        let json = try JSONSerialization.jsonObject(with: Data(AnalysisReport.render(a, format: .json).utf8)) as! [String: Any]
        #expect(json["designs"] == nil)
    }
}
