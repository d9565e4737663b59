// End-to-end: `recstats stats` and `recstats stats q-table` on the built binary.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5))) struct StatsCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let table1 = root.appendingPathComponent("results/paper/table1.csv").path

    static func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recstats-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    // Numbers: scipy 1.17.1 on the same data (see RankStatsTests/PaperDataTests.table1Analysis).
    @Test func jsonOnTable1() throws {
        let r = try CLIRunner.run(["stats", "--input", Self.table1, "--blocks", "dataset", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["models", "block_count", "average_ranks", "friedman", "iman_davenport", "nemenyi", "pairs"] {
            #expect(json[key] != nil, "missing key \(key)")
        }
        #expect((json["models"] as? [String])?.count == 8)
        #expect(json["block_count"] as? Int == 3)
        let ranks = try #require(json["average_ranks"] as? [String: Double])
        #expect(abs(try #require(ranks["ResNet50s"]) - 5.0 / 3) < 1e-12)
        let friedman = try #require(json["friedman"] as? [String: Any])
        #expect(abs(try #require(friedman["chi_square"] as? Double) - 18.1111111111111) < 1e-9)
        #expect(abs(try #require(friedman["chi_square_tie_corrected"] as? Double) - 18.1111111111111) < 1e-9)
        #expect(friedman["df"] as? Int == 7)
        #expect(abs(try #require(friedman["p_value"] as? Double) - 0.011478623060583419) < 1e-12)
        let id = try #require(json["iman_davenport"] as? [String: Any])
        #expect(abs(try #require(id["f"] as? Double) - 12.538461538461483) < 1e-9)
        #expect(id["df1"] as? Int == 7 && id["df2"] as? Int == 14)
        #expect(abs(try #require(id["p_value"] as? Double) - 4.580397857632495e-05) < 1e-10)
        let nemenyi = try #require(json["nemenyi"] as? [String: Any])
        #expect(nemenyi["alpha"] as? Double == 0.05)
        #expect(abs(try #require(nemenyi["q_alpha"] as? Double) - 3.030878449614413) < 1e-6)
        #expect(abs(try #require(nemenyi["critical_difference"] as? Double) - 6.061756899228826) < 1e-6)
        let p = try #require(nemenyi["p_values"] as? [String: [String: Double]])
        #expect(p["ResNet18"]?["ResNet18"] == 1)
        #expect((nemenyi["groups"] as? [[String]])?.first?.count == 8)
        let pairs = try #require(json["pairs"] as? [[String: Any]])
        #expect(pairs.count == 4)
        for key in ["mean_difference", "wilcoxon_p", "t_test_p", "wins", "ties", "losses"] {
            #expect(pairs[0][key] != nil, "pairs lack \(key)")
        }
        // scipy.stats.ttest_rel(ResNet50s, ResNet50) over the three datasets: p 0.0004248991056485931.
        let r50 = try #require(pairs.first { $0["variant"] as? String == "ResNet50s" })
        #expect(abs(try #require(r50["t_test_p"] as? Double) - 0.0004248991056485931) < 1e-9)
        #expect(r50["wins"] as? Int == 3)
    }

    @Test func textHeadlineAndOtherFormats() throws {
        let text = try CLIRunner.run(["stats", "--input", Self.table1, "--blocks", "dataset"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Friedman test on 8 models × 3 blocks"))
        #expect(text.stdout.contains("CD = 6.062"))
        for format in ["csv", "markdown", "latex"] {
            let r = try CLIRunner.run(["stats", "--input", Self.table1, "--blocks", "dataset", "--format", format])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            #expect(r.stdout.contains("ResNet50s"))
        }
    }

    // Demšar's Table 5a, α = 0.10, k = 10: 2.920.
    @Test func qTable() throws {
        let r = try CLIRunner.run(["stats", "q-table", "--alpha", "0.10", "--max-k", "10", "--format", "csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "k,q_alpha")
        #expect(lines.count == 10)
        let last = try #require(lines.last?.split(separator: ","))
        #expect(abs(try #require(Double(String(last[1]))) - 2.920) < 0.0006)
    }

    @Test func missingFile() throws {
        let r = try CLIRunner.run(["stats", "--input", "/nonexistent/results.csv"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/results.csv"))
    }

    @Test func malformedLineNamesFileAndLine() throws {
        let path = try Self.temporaryFile("bad.csv", "model,dataset,seed,metric,value\na,d,,top1,1\nb,d,,top1,abc\n")
        let r = try CLIRunner.run(["stats", "--input", path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(path): line 3"))
    }

    @Test func unknownModelAndMetric() throws {
        let model = try CLIRunner.run(["stats", "--input", Self.table1, "--models", "ResNet18,ResNet999"])
        #expect(model.status != 0)
        #expect(model.stderr.contains("unknown model(s) `ResNet999`"))
        let metric = try CLIRunner.run(["stats", "--input", Self.table1, "--metric", "top3"])
        #expect(metric.status != 0)
        #expect(metric.stderr.contains("unknown metric(s) `top3`"))
    }

    @Test func badArgumentsAreUsageErrors() throws {
        let r = try CLIRunner.run(["stats", "--input", Self.table1, "--blocks", "dataset,planet"])
        #expect(r.status == 64)
        let alpha = try CLIRunner.run(["stats", "--input", Self.table1, "--alpha", "1.5"])
        #expect(alpha.status == 64)
    }

    @Test func mixedSeedsSaysHowToFixIt() throws {
        let dir = Self.root.appendingPathComponent("results/paper").path
        let r = try CLIRunner.run(["stats", "--input", dir, "--models", "SEResNet18,SEResNet18s,ResNeXt2,ResNeXt2s"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("HINT: pass --seeds none"))
        let ok = try CLIRunner.run(["stats", "--input", dir, "--models", "SEResNet18,SEResNet18s,ResNeXt2,ResNeXt2s", "--seeds", "0,617,1234"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("4 models × 6 blocks"))
    }
}
